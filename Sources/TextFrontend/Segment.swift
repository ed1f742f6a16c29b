/// One unit of text handed to an engine: a single language, no control tags left in it.
public struct Segment: Sendable, Equatable {
    /// Normalised text to speak. Never contains a control tag.
    public var text: String
    /// Language the text is spoken in.
    public var language: Language
    /// True for text inside `<strong>…</strong>`: engines render it slower, louder and higher.
    public var emphasis: Bool
    /// Seconds of silence to insert before this segment (from `[breath]`, `[laughter]` and similar tags).
    public var pauseBefore: Double
    /// False when the segment was cut inside a sentence (the short first segment of a stream, or a script
    /// change): engines should avoid sentence-final intonation and keep the following pause short.
    public var endsSentence: Bool

    public init(text: String, language: Language, emphasis: Bool = false, pauseBefore: Double = 0, endsSentence: Bool = true) {
        self.text = text
        self.language = language
        self.emphasis = emphasis
        self.pauseBefore = pauseBefore
        self.endsSentence = endsSentence
    }
}
