/// A spoken language the front end can tag a segment with. Raw values are CosyVoice's language tags.
public enum Language: String, Sendable, CaseIterable, Codable {
    case mandarin = "zh"
    case cantonese = "yue"
    case english = "en"
    case japanese = "ja"
    case korean = "ko"

    /// True where speaking rate is counted in syllables (one per Han character, kana mora or Hangul block)
    /// rather than words.
    public var countsSyllables: Bool { self != .english }
}
