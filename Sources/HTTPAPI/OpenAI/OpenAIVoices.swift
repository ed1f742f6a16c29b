/// OpenAI's voice names and the speakers they stand for.
///
/// OpenAI's speech API names its voices (alloy, ash, …); clients written for it send those names. Each maps to
/// one of our speakers by gender, the neural English voice for the male names; `voices.yaml`'s `openai_voices`
/// section overrides any of them. A `voice` that is not an OpenAI name is taken as a speaker id as it is, so
/// every built-in and cloned speaker is reachable too.
public struct OpenAIVoices: Sendable, Equatable {
    /// OpenAI name (lower case) → speaker id.
    public var table: [String: String]

    public init(table: [String: String] = OpenAIVoices.defaults) {
        self.table = table
    }

    /// The documented default table (README "OpenAI voice names").
    public static let defaults: [String: String] = [
        "alloy": "英文女", "coral": "英文女", "nova": "英文女", "sage": "英文女", "shimmer": "英文女", "marin": "英文女",
        "ash": "英文男", "ballad": "英文男", "echo": "英文男", "fable": "英文男", "onyx": "英文男", "verse": "英文男",
        "cedar": "英文男",
    ]

    /// The defaults with `overrides` laid over them (names compared in lower case).
    public static func overlaid(_ overrides: [String: String]) -> OpenAIVoices {
        OpenAIVoices(table: defaults.merging(overrides.map { ($0.key.lowercased(), $0.value) }) { _, configured in configured })
    }

    /// The speaker id a request's `voice` names.
    public func speakerID(for voice: String) -> String {
        table[voice.lowercased()] ?? voice
    }
}
