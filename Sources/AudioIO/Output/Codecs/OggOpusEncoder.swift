import COpusEnc
import Foundation

/// One Ogg Opus stream (mono) from libopusenc — the wrapper that owns the libopusenc handle.
///
/// libopusenc's defaults suit files, not streams: it holds 2 s of audio before it encodes a frame (its decision
/// delay) and 1 s of packets before it closes a page (its muxing delay). Both are cut here so a page leaves about
/// every ``pageDuration`` seconds, and the header pages leave with the first chunk. The comment header gets no
/// padding: it exists so a file can be re-tagged in place, which a stream never is.
public final class OggOpusEncoder: AudioEncoding {
    /// Input rates in Hz Opus codes natively; any other rate libopusenc would resample itself.
    public static let supportedSampleRates = [8000, 12000, 16000, 24000, 48000]
    /// Default bit rate in kbit/s: transparent-sounding speech for a mono voice at up to 24 kHz.
    public static let defaultBitrate = 32
    /// Longest audio in seconds one Ogg page carries, so the longest a listener waits on the muxer.
    public static let pageDuration = 0.1

    /// Rate in Hz of the chunks, one of ``supportedSampleRates``.
    public let sampleRate: Int
    /// kbit/s (variable bit rate, so the average).
    public let bitrate: Int
    private let encoder: OpaquePointer
    private let written = WrittenBytes()
    private var finished = false

    /// - Parameters:
    ///   - sampleRate: rate in Hz of the chunks that will arrive (e.g. 24000), one Opus supports
    ///   - bitrate: average bit rate in kbit/s (e.g. 32)
    public init(sampleRate: Int, bitrate: Int = OggOpusEncoder.defaultBitrate) {
        let input = Self.supportedRate(atLeast: sampleRate)
        var callbacks = OpusEncCallbacks(
            write: { context, bytes, count in
                WrittenBytes.from(context).append(bytes, count: Int(count))
                return 0
            },
            close: { _ in 0 }  // the response body, not the encoder, ends the stream
        )
        let comments = ope_comments_create()
        defer { ope_comments_destroy(comments) }  // the encoder keeps its own copy
        var error: Int32 = OPE_OK
        let encoder = ope_encoder_create_callbacks(&callbacks, written.context, comments, Int32(input), 1, 0, &error)
        guard let encoder, error == OPE_OK else {
            preconditionFailure("libopusenc refused a mono stream at \(input) Hz: \(String(cString: ope_strerror(error)))")
        }
        // Opus counts time in 48 kHz samples whatever the input rate.
        let settings: [(Int32, Int32)] = [
            (OPUS_SET_BITRATE_REQUEST, Int32(bitrate * 1000)),
            (OPUS_SET_SIGNAL_REQUEST, OPUS_SIGNAL_VOICE),
            (OPE_SET_DECISION_DELAY_REQUEST, 0),
            (OPE_SET_MUXING_DELAY_REQUEST, Int32(Self.pageDuration * 48000)),
            (OPE_SET_COMMENT_PADDING_REQUEST, 0),
        ]
        for (request, value) in settings {
            let status = cosyvoice_ope_encoder_set(encoder, request, value)
            precondition(status == OPE_OK, "libopusenc refused setting \(request) = \(value): \(String(cString: ope_strerror(status)))")
        }
        // The header pages, written now (after the settings, which shape the comment page), go out with the
        // first chunk; libopusenc would otherwise hold them until its first audio page.
        let status = ope_encoder_flush_header(encoder)
        precondition(status == OPE_OK, "libopusenc failed to write its headers: \(String(cString: ope_strerror(status)))")
        self.encoder = encoder
        self.sampleRate = input
        self.bitrate = bitrate
    }

    deinit { ope_encoder_destroy(encoder) }

    /// The smallest Opus input rate ≥ `rate` Hz (48000 for anything above).
    public static func supportedRate(atLeast rate: Int) -> Int {
        supportedSampleRates.smallestRate(atLeast: rate)
    }

    public func encode(_ chunk: AudioChunk) -> Data {
        guard !finished else { return Data() }
        assert(chunk.sampleRate == sampleRate, "chunks arrive at the planned wire rate")
        guard !chunk.samples.isEmpty else { return written.take() }
        let clipped = chunk.samples.map(\.clippedToFullScale)
        let status = clipped.withUnsafeBufferPointer { ope_encoder_write_float(encoder, $0.baseAddress, Int32($0.count)) }
        precondition(status == OPE_OK, "libopusenc failed to encode: \(String(cString: ope_strerror(status)))")
        return written.take()
    }

    public func finish() -> Data {
        guard !finished else { return Data() }
        finished = true
        // Codes what is buffered, pads the last frame and writes the end-of-stream page, whose granule position
        // tells decoders where the audio really ends.
        let status = ope_encoder_drain(encoder)
        precondition(status == OPE_OK, "libopusenc failed to finish: \(String(cString: ope_strerror(status)))")
        return written.take()
    }
}
