import CFLAC
import Foundation

/// One FLAC stream (mono, 16-bit) from libFLAC — the wrapper that owns the libFLAC stream encoder.
///
/// Written front to back with no seek callback, so STREAMINFO keeps what only the end could tell: total samples
/// 0 ("unknown") and no MD5, both valid for a stream; decoders read frames to the end. Each frame is written as
/// soon as libFLAC has a block (4096 samples at the default level), so bytes leave while audio arrives.
public final class FLACEncoder: AudioEncoding {
    /// libFLAC's compression level (0 fastest … 8 smallest); 5 is its own default and costs little on mono speech.
    public static let defaultCompressionLevel = 5

    /// Rate in Hz of the chunks and of the stream; FLAC carries any rate a voice has.
    public let sampleRate: Int
    private let encoder: UnsafeMutablePointer<FLAC__StreamEncoder>
    private let written = WrittenBytes()
    private var finished = false

    /// - Parameters:
    ///   - sampleRate: rate in Hz of the chunks that will arrive (e.g. 22050)
    ///   - compressionLevel: libFLAC's level, 0…8
    public init(sampleRate: Int, compressionLevel: Int = FLACEncoder.defaultCompressionLevel) {
        guard let encoder = FLAC__stream_encoder_new() else { preconditionFailure("FLAC__stream_encoder_new failed (out of memory)") }
        FLAC__stream_encoder_set_channels(encoder, 1)
        FLAC__stream_encoder_set_bits_per_sample(encoder, 16)
        FLAC__stream_encoder_set_sample_rate(encoder, UInt32(sampleRate))
        FLAC__stream_encoder_set_compression_level(encoder, UInt32(compressionLevel))
        // init_stream already writes "fLaC" and the metadata blocks; encode(_:) returns them with the first frames.
        let status = FLAC__stream_encoder_init_stream(
            encoder,
            { _, bytes, count, _, _, context in
                WrittenBytes.from(context).append(bytes, count: count)
                return FLAC__STREAM_ENCODER_WRITE_STATUS_OK
            },
            nil, nil, nil, written.context
        )
        precondition(status == FLAC__STREAM_ENCODER_INIT_STATUS_OK,
                     "libFLAC refused mono 16-bit at \(sampleRate) Hz: \(String(cString: cosyvoice_flac_init_status_name(status)))")
        self.encoder = encoder
        self.sampleRate = sampleRate
    }

    deinit { FLAC__stream_encoder_delete(encoder) }

    public func encode(_ chunk: AudioChunk) -> Data {
        guard !finished else { return Data() }
        assert(chunk.sampleRate == sampleRate, "chunks arrive at the planned wire rate")
        guard !chunk.samples.isEmpty else { return written.take() }
        // 16-bit samples in 32-bit slots, rounded and clipped exactly as the PCM and WAV formats do.
        let samples = chunk.samples.map { Int32(PCM16Encoder.int16($0)) }
        let ok = samples.withUnsafeBufferPointer { FLAC__stream_encoder_process_interleaved(encoder, $0.baseAddress, UInt32($0.count)) }
        precondition(ok != 0, "libFLAC failed to encode: \(stateDescription)")
        return written.take()
    }

    public func finish() -> Data {
        guard !finished else { return Data() }
        finished = true
        // Codes the last, shorter block. Without a seek callback libFLAC leaves the header as written.
        let ok = FLAC__stream_encoder_finish(encoder)
        precondition(ok != 0, "libFLAC failed to finish: \(stateDescription)")
        return written.take()
    }

    private var stateDescription: String {
        String(cString: cosyvoice_flac_state_name(FLAC__stream_encoder_get_state(encoder)))
    }
}
