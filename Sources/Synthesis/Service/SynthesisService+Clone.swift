import AudioIO
import Foundation

extension SynthesisService {
    /// Stores a cloned speaker after validating its id and prompt; replaces an earlier clone of the same id.
    /// The id is stored in its canonical spelling (``SpeakerID/canonical(_:)``), which the result carries.
    ///
    /// Decoding and analysing up to 30 s of prompt is work like a synthesis: without a permit from
    /// ``admit()`` the clone is admitted here (a full server refuses it at once), and the prompt is decoded and
    /// analysed under an engine slot.
    @discardableResult
    public func clone(speakerID: String, promptText: String, promptAudio: Data,
                      admitted given: SchedulerPermit? = nil) async throws(SynthesisError) -> ClonedSpeaker {
        let permit = if let given { given } else { try scheduler.admit() }
        defer { permit.release() }
        let id = try SpeakerID.validated(speakerID, maximumLength: limits.maxSpeakerIDLength)
        try limits.checkLength(of: promptText, field: "prompt_text", maximum: limits.maxPromptTextCharacters)
        guard catalog.speaker(id) == nil else {
            throw .invalidInput(field: "spk_id", message: "'\(id)' is a built-in speaker and cannot be replaced")
        }
        // Not a short first segment: the clone takes no slot of the first-segment reserve.
        let prompt = try await measuredPrompt(.file(promptAudio), served: 1)
        let speaker = ClonedSpeaker(id: id, promptText: promptText, promptAudio: prompt.audio, analysis: prompt.analysis)
        do {
            try await store.save(speaker, limit: limits.maxClonedSpeakers)
        } catch {
            throw SynthesisError(storeFailure: error)
        }
        return speaker
    }
}
