#pragma once
#include <libavcodec/avcodec.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/log.h>

// AVERROR(EAGAIN) and AVERROR_EOF are function-like macros, which Swift does not import.
static const int cosyvoice_averror_again = AVERROR(EAGAIN);
static const int cosyvoice_averror_eof = AVERROR_EOF;
