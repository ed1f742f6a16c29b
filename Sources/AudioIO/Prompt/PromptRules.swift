import Foundation

/// The prompt-audio rules of api.md §0, in one place: sample rate ≥ 16 kHz, at least 0.5 s, at most 30 s.
///
/// Every surface (JSON base64, multipart upload, `/clone`, gRPC bytes) goes through these so the limits and the
/// messages are the same everywhere.
public struct PromptRules: Sendable, Equatable {
    /// Default minimum sample rate in Hz.
    public static let minimumSampleRate = 16000
    /// Default minimum duration in seconds.
    public static let minimumDuration = 0.5
    /// Default maximum duration in seconds.
    public static let maximumDuration = 30.0
    /// The sample rate in Hz of gRPC `prompt_audio` bytes (raw int16 LE, no header).
    public static let rawPCMSampleRate = 16000

    /// Minimum sample rate in Hz.
    public var minimumSampleRate: Int
    /// Minimum duration in seconds.
    public var minimumDuration: Double
    /// Maximum duration in seconds.
    public var maximumDuration: Double

    public init(
        minimumSampleRate: Int = PromptRules.minimumSampleRate,
        minimumDuration: Double = PromptRules.minimumDuration,
        maximumDuration: Double = PromptRules.maximumDuration
    ) {
        self.minimumSampleRate = minimumSampleRate
        self.minimumDuration = minimumDuration
        self.maximumDuration = maximumDuration
    }

    /// Checks a decoded chunk; the first failing rule is reported.
    public func validate(_ chunk: AudioChunk) throws(AudioError) {
        guard !chunk.samples.isEmpty else { throw .empty }
        guard chunk.sampleRate >= minimumSampleRate else {
            throw .sampleRateTooLow(rate: chunk.sampleRate, minimum: minimumSampleRate)
        }
        let seconds = chunk.duration
        guard seconds <= maximumDuration else { throw .tooLong(seconds: seconds, maximum: maximumDuration) }
        guard seconds >= minimumDuration else { throw .tooShort(seconds: seconds, minimum: minimumDuration) }
    }

    /// Decodes an uploaded or base64-decoded prompt file (any libsndfile format) and validates it.
    public func decodePrompt(_ data: Data) throws(AudioError) -> AudioChunk {
        let chunk = try AudioDecoder.decode(data)
        try validate(chunk)
        return chunk
    }

    /// Reads gRPC `prompt_audio`: raw signed 16-bit little-endian mono PCM at `sampleRate` Hz, then validates it.
    public func validatePCM16(_ data: Data, sampleRate: Int = PromptRules.rawPCMSampleRate) throws(AudioError) -> AudioChunk {
        guard !data.isEmpty else { throw .empty }
        guard data.count % 2 == 0 else {
            throw .undecodable("raw 16-bit PCM needs an even number of bytes, got \(data.count)")
        }
        let chunk = AudioChunk(samples: PCM16Encoder.floats(fromPCM16: data), sampleRate: sampleRate)
        try validate(chunk)
        return chunk
    }
}
