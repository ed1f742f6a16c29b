#pragma once
#include <FLAC/stream_encoder.h>

// The status-name tables are arrays of unknown size, which Swift does not import; these read one entry.
static inline const char *cosyvoice_flac_init_status_name(FLAC__StreamEncoderInitStatus status) {
    return FLAC__StreamEncoderInitStatusString[status];
}

static inline const char *cosyvoice_flac_state_name(FLAC__StreamEncoderState state) {
    return FLAC__StreamEncoderStateString[state];
}
