import Foundation
import TextFrontend

extension SynthesisService {
    /// Every speaker a client can name: built-in first (in `/available_spks` order), then cloned, oldest first.
    public func speakers() async throws(SynthesisError) -> [SpeakerSummary] {
        let builtIn = catalog.speakerIDs.compactMap { id in
            catalog.speaker(id).map { SpeakerSummary(id: id, kind: .builtIn, language: $0.language, gender: $0.gender) }
        }
        let profiles: [SpeakerProfile]
        do { profiles = try await store.profiles() } catch { throw .internalFailure("speaker store: \(error)") }
        let cloned = profiles.map { profile in
            SpeakerSummary(id: profile.id, kind: .cloned, createdAt: profile.createdAt,
                           language: frontend.read(profile.promptText).leadingLanguage(primary: .mandarin),
                           gender: profile.analysis.medianF0 == nil ? nil : VoiceTarget(profile.analysis).gender)
        }
        return builtIn + cloned
    }

    /// Deletes a cloned speaker with its prompt and analysis. Built-in speakers cannot be deleted, and an id
    /// nobody cloned is not found: both are ``SynthesisError/notFound(_:)``. Requests that already loaded the
    /// speaker finish with what they loaded; later ones no longer find it, and the id is free to clone again.
    public func deleteSpeaker(_ speakerID: String) async throws(SynthesisError) {
        let id = SpeakerID.canonical(speakerID)
        guard catalog.speaker(id) == nil else {
            throw .notFound("'\(id)' is a built-in speaker and cannot be deleted")
        }
        let deleted: Bool
        do { deleted = try await store.delete(id) } catch { throw .internalFailure("speaker store: \(error)") }
        guard deleted else { throw .notFound("no cloned speaker '\(id)'") }
    }
}
