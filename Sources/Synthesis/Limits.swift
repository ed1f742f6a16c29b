import AudioIO

/// Request limits, in one place. Surfaces read them (body size) and the service enforces the rest.
public struct Limits: Sendable {
    /// Largest request body in bytes (uploads included).
    public var maxBodyBytes: Int = 20 * 1024 * 1024
    /// Longest `tts_text` in Unicode scalars (a user-perceived character may hold many; scalars bound the work).
    public var maxTextCharacters: Int = 5000
    /// Longest `prompt_text` (the prompt's transcript) in Unicode scalars: a 30 s prompt says a few hundred.
    public var maxPromptTextCharacters: Int = 1000
    /// Longest `instruct_text` in Unicode scalars.
    public var maxInstructTextCharacters: Int = 1000
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

    /// Refuses `text` with `limitExceeded` when it has more than `maximum` Unicode scalars. Stops counting at
    /// the limit, so a huge text costs no more than the limit.
    public func checkLength(of text: String, field: String, maximum: Int) throws(SynthesisError) {
        var count = 0
        for _ in text.unicodeScalars {
            count += 1
            if count > maximum {
                throw .limitExceeded("\(field) has more than \(maximum) characters; the limit is \(maximum)")
            }
        }
    }
}
