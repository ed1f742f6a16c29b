#pragma once
#include <opusenc.h>

// ope_encoder_ctl is variadic, which Swift cannot call; every setting the encoder uses takes one int.
static inline int cosyvoice_ope_encoder_set(OggOpusEnc *enc, int request, opus_int32 value) {
    return ope_encoder_ctl(enc, request, value);
}
