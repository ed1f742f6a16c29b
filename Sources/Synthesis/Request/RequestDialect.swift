/// What differs between the API dialects a request can arrive in: the name its text field has in messages,
/// the longest text and the speed range. Everything else is the same rule on every surface.
public struct RequestDialect: Sendable, Equatable {
    /// The text field's name, as the client sent it (`tts_text`, `input`).
    public var textField: String
    /// Longest text in Unicode scalars; nil = ``Limits/maxTextCharacters``.
    public var maxTextCharacters: Int?
    /// Speeds accepted; nil = ``Limits/speedRange``.
    public var speedRange: ClosedRange<Double>?

    public init(textField: String, maxTextCharacters: Int? = nil, speedRange: ClosedRange<Double>? = nil) {
        self.textField = textField
        self.maxTextCharacters = maxTextCharacters
        self.speedRange = speedRange
    }

    /// CosyVoice's JSON, form and gRPC APIs: the configured limits.
    public static let cosyVoice = RequestDialect(textField: "tts_text")
    /// OpenAI's speech API: `input` of at most 4096 characters, speed 0.25–4 (as OpenAI documents them).
    public static let openAI = RequestDialect(textField: "input", maxTextCharacters: 4096, speedRange: 0.25...4)
}
