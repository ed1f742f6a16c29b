import Engines
import TextFrontend

/// One segment of a request as synthesis would speak it, without speaking it: what `cosyvoice frontend` prints.
public struct PlannedSegment: Sendable, Equatable {
    /// The normalised text, its language and pauses.
    public var segment: Segment
    /// The voice that reads it (`piper:en_US-joe-medium`, `espeak:cmn` …).
    public var voiceID: String
    /// What that voice's engine model reads: phonemes or toned pinyin; nil where the engine reads the text.
    public var input: String?
    /// True for the first segment of a streamed request, which is cut short for the first audio.
    public var first: Bool
}
