import AudioIO
import Foundation

/// A speaker created with `/clone`: the prompt recording, its transcript and what was derived from it.
public struct ClonedSpeaker: Sendable, Equatable {
    public var id: String
    /// Transcript of the prompt recording (may be empty for cross-lingual prompts).
    public var promptText: String
    /// The prompt as decoded and validated: mono, at its original sample rate.
    public var promptAudio: AudioChunk
    /// Features measured once at clone time, so later requests never decode or analyse the prompt again.
    public var analysis: PromptAnalysis
    public var createdAt: Date

    public init(id: String, promptText: String, promptAudio: AudioChunk, analysis: PromptAnalysis, createdAt: Date = Date()) {
        self.id = id
        self.promptText = promptText
        self.promptAudio = promptAudio
        self.analysis = analysis
        self.createdAt = createdAt
    }
}
