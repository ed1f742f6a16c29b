import AudioIO
import Foundation

/// Durable storage of cloned speakers. A speaker is either fully stored or absent, never partly.
public protocol SpeakerStore: Sendable {
    /// Ids of all stored speakers, oldest first.
    func speakerIDs() async throws -> [String]
    /// The stored speaker's transcript and analysis, without its audio; nil when absent. Every canonically
    /// equivalent spelling of an id (``SpeakerID/canonical(_:)``) finds the same speaker.
    func profile(_ id: String) async throws -> SpeakerProfile?
    /// The whole stored speaker, audio included; nil when absent.
    func speaker(_ id: String) async throws -> ClonedSpeaker?
    /// Stores or replaces a speaker atomically. A new id is refused with `SynthesisError.limitExceeded` when
    /// `limit` speakers are stored already; replacing a stored id is always allowed. The check is part of the
    /// write, so concurrent saves never store more than `limit`.
    func save(_ speaker: ClonedSpeaker, limit: Int) async throws
    /// Every stored speaker's transcript, analysis and creation time, without audio, oldest first.
    func profiles() async throws -> [SpeakerProfile]
    /// Removes a speaker with everything stored for it (prompt audio, analysis) in one transaction; later
    /// lookups find nothing and a new clone may take the id. Returns false when no speaker has the id.
    func delete(_ id: String) async throws -> Bool
    /// Number of stored speakers.
    func count() async throws -> Int
    /// Closes the store for good (on shutdown) once the accesses running now have ended; later calls throw.
    func close() async throws
}

extension SpeakerStore {
    public func close() async throws {}
}

/// What requests need of a cloned speaker: cheap to load, no audio.
public struct SpeakerProfile: Sendable, Equatable {
    public var id: String
    public var promptText: String
    public var analysis: PromptAnalysis
    /// When the id was first cloned (re-cloning replaces the prompt, not this); nil where not loaded.
    public var createdAt: Date?

    public init(id: String, promptText: String, analysis: PromptAnalysis, createdAt: Date? = nil) {
        self.id = id
        self.promptText = promptText
        self.analysis = analysis
        self.createdAt = createdAt
    }
}
