import Foundation

/// The prompt-audio rules of api.md §0, in one place: sample rate ≥ 16 kHz, at least 0.5 s, at most 30 s.
///
/// Every surface (JSON base64, multipart upload, `/clone`, gRPC bytes) goes through these so the limits and the
/// messages are the same everywhere. The rules apply to the audio as sent; what comes back is always mono at
/// ``storedSampleRate``, the one rate prompts are stored and analysed at.
public struct PromptRules: Sendable, Equatable {
    /// Default minimum sample rate in Hz.
    public static let minimumSampleRate = 16000
    /// Default minimum duration in seconds.
    public static let minimumDuration = 0.5
    /// Default maximum duration in seconds.
    public static let maximumDuration = 30.0
    /// The rate in Hz every accepted prompt is resampled to, stored and analysed at: 16000, the rate
    /// CosyVoice's own prompts use.
    public static let storedSampleRate = 16000
    /// The sample rate in Hz of gRPC `prompt_audio` bytes (raw int16 LE, no header): the stored rate, so gRPC
    /// prompts are kept as sent.
    public static let rawPCMSampleRate = storedSampleRate

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

    /// Checks a decoded chunk at its own rate; the first failing rule is reported.
    public func validate(_ chunk: AudioChunk) throws(AudioError) {
        guard !chunk.samples.isEmpty else { throw .empty }
        try checkSampleRate(chunk.sampleRate)
        try checkDuration(frames: chunk.samples.count, sampleRate: chunk.sampleRate)
    }

    /// Decodes an uploaded or base64-decoded prompt file (any libsndfile format), validates it and returns it at
    /// ``storedSampleRate``.
    ///
    /// The header is checked before anything is decoded (channels, sample rate); decoding then runs block by
    /// block and stops as soon as the audio passes ``maximumDuration``, whatever length the header declares.
    public func decodePrompt(_ data: Data) throws(AudioError) -> AudioChunk {
        try decodePrompt(from: AudioFileReader(data))
    }

    /// ``decodePrompt(_:)`` on an opened file; the reader's `framesRead` tells how far decoding went.
    func decodePrompt(from reader: AudioFileReader) throws(AudioError) -> AudioChunk {
        try checkSampleRate(reader.sampleRate)
        let limit = maximumFrames(at: reader.sampleRate)
        let resampler = Self.resampler(from: reader.sampleRate)
        var samples: [Float] = []
        // Asking for one frame past the limit at most is enough to know the limit was passed.
        while let block = try reader.nextBlock(maximumFrames: limit + 1 - reader.framesRead) {
            guard reader.framesRead <= limit else { throw .tooLong(seconds: nil, maximum: maximumDuration) }
            samples += resampler?.process(block) ?? block
        }
        guard reader.framesRead > 0 else { throw .empty }
        try checkDuration(frames: reader.framesRead, sampleRate: reader.sampleRate)
        if let resampler { samples += resampler.flush() }
        return AudioChunk(samples: samples, sampleRate: Self.storedSampleRate)
    }

    /// Reads gRPC `prompt_audio`: raw signed 16-bit little-endian mono PCM at `sampleRate` Hz, validates it and
    /// returns it at ``storedSampleRate``. The length rules are checked on the byte count, before conversion.
    public func validatePCM16(_ data: Data, sampleRate: Int = PromptRules.rawPCMSampleRate) throws(AudioError) -> AudioChunk {
        guard !data.isEmpty else { throw .empty }
        guard data.count % 2 == 0 else {
            throw .undecodable("raw 16-bit PCM needs an even number of bytes, got \(data.count)")
        }
        try checkSampleRate(sampleRate)
        try checkDuration(frames: data.count / 2, sampleRate: sampleRate)
        let chunk = AudioChunk(samples: PCM16Encoder.floats(fromPCM16: data), sampleRate: sampleRate)
        return Resampler.resample(chunk, to: Self.storedSampleRate)
    }

    private func checkSampleRate(_ rate: Int) throws(AudioError) {
        guard rate >= minimumSampleRate else { throw .sampleRateTooLow(rate: rate, minimum: minimumSampleRate) }
        guard rate <= AudioDecoder.maximumSampleRate else {
            throw .sampleRateTooHigh(rate: rate, maximum: AudioDecoder.maximumSampleRate)
        }
    }

    /// The duration rules for `frames` frames at `sampleRate` Hz (positive).
    private func checkDuration(frames: Int, sampleRate: Int) throws(AudioError) {
        let seconds = Double(frames) / Double(sampleRate)
        guard frames <= maximumFrames(at: sampleRate) else { throw .tooLong(seconds: seconds, maximum: maximumDuration) }
        guard seconds >= minimumDuration else { throw .tooShort(seconds: seconds, minimum: minimumDuration) }
    }

    /// The most frames ``maximumDuration`` allows at `sampleRate` Hz: longer means more frames than this.
    private func maximumFrames(at sampleRate: Int) -> Int {
        // A limit from the command line may be huge or infinite; a prompt body can never hold 2^40 frames.
        let frames = (maximumDuration * Double(sampleRate)).rounded(.down)
        return frames < 0x1p40 ? Int(max(frames, 0)) : 1 << 40
    }

    /// A streaming resampler to the stored rate, or `nil` when `rate` already is that rate.
    private static func resampler(from rate: Int) -> Resampler? {
        guard rate != storedSampleRate else { return nil }
        do { return try Resampler(from: rate, to: storedSampleRate) } catch { preconditionFailure(error.description) }
    }
}
