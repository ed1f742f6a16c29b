import AudioIO

/// Request limits, in one place. Surfaces read them (body size) and the service enforces the rest.
public struct Limits: Sendable {
    /// Largest request body in bytes (uploads included).
    public var maxBodyBytes: Int = 20 * 1024 * 1024
    /// Longest `tts_text` in characters.
    public var maxTextCharacters: Int = 5000
    /// Speed range accepted from clients.
    public var speedRange: ClosedRange<Double> = 0.5...2.0
    /// Output sample rates accepted from clients, in Hz.
    public var sampleRateRange: ClosedRange<Int> = 8000...48000
    /// Rules for prompt audio (sample rate, duration).
    public var prompt = PromptRules()
    /// Most cloned speakers the store keeps.
    public var maxClonedSpeakers: Int = 1000
    /// Longest `spk_id` of a cloned speaker, in Unicode scalars (the other `spk_id` rules are fixed).
    public var maxSpeakerIDLength: Int = SpeakerID.maximumLength
    /// Seconds a whole synthesis may take, from the request's arrival to its last byte (e.g. 300).
    public var requestTimeout: Double = 300

    public init() {}
}
