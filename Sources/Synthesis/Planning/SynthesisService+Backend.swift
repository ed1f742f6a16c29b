import AudioIO
import Engines
import Foundation
import TextFrontend

/// Plans for requests routed to a remote backend (``BackendRouting``): the prompt itself goes to the model,
/// which copies the voice; nothing is voice-matched.
extension SynthesisService {
    /// The backend `mode` is routed to when it can take requests now. Nil when the mode is not routed, or its
    /// backend is down and falls back to the local engines; a backend that is down and does not fall back
    /// refuses the request before any audio.
    func routedBackend(for mode: BackendRouting.PromptMode) async throws(SynthesisError) -> TritonEngine? {
        guard let backend = catalog.routing.backend(for: mode) else { return nil }
        return try await available(backend)
    }

    private func available(_ backend: TritonEngine) async throws(SynthesisError) -> TritonEngine? {
        let status = await backend.status()
        if status.ready { return backend }
        if backend.configuration.fallback == .local {
            logger.warning("backend down: local engines speak instead",
                           metadata: ["backend": "\(backend.configuration.name)", "reason": "\(status.reason ?? "")"])
            return nil
        }
        throw .backendUnavailable("backend \(backend.configuration.name) is not available: \(status.reason ?? "not ready")")
    }

    /// A preset speaker routed to a backend, with its configured recording; nil when `id` is not routed or its
    /// backend falls back to the local engines.
    func routedSpeakerPlan(_ id: String, text: ReadText) async throws(SynthesisError) -> VoicePlan? {
        guard let routed = catalog.routing.speakers[id], let backend = catalog.routing.backends[routed.backend],
              let backend = try await available(backend) else { return nil }
        return remotePlan(backend, reference: routed.prompt, speakerID: id, text: text)
    }

    /// A prompt (uploaded, or a cloned speaker's) spoken by `backend`. `transcript` nil sends an empty one
    /// (cross-lingual and instruct2: the text's language need not be the prompt's); an empty one, for a cloned
    /// speaker, is the transcript stored with it.
    func remotePlan(_ backend: TritonEngine, prompt: SynthesisRequest.Prompt, transcript: String?, text: ReadText) async throws(SynthesisError) -> VoicePlan {
        let audio: AudioChunk
        var transcript = transcript
        let speakerID: String
        if case .speaker(let id) = prompt {
            let stored: ClonedSpeaker?
            do { stored = try await store.speaker(id) } catch { throw .internalFailure("speaker store: \(error)") }
            guard let stored else { throw .unknownSpeaker(id) }
            audio = stored.promptAudio
            if transcript?.isEmpty == true { transcript = stored.promptText }
            speakerID = id
        } else {
            audio = try await decodePrompt(prompt)
            speakerID = "\(backend.configuration.name):prompt"
        }
        let rate = backend.capabilities.referenceSampleRate ?? audio.sampleRate
        let resampled = audio.sampleRate == rate ? audio
            : await DedicatedThread.run("prompt resample") { Resampler.resample(audio, to: rate) }
        return remotePlan(backend, reference: ReferencePrompt(audio: resampled, transcript: transcript ?? ""), speakerID: speakerID, text: text)
    }

    private func remotePlan(_ backend: TritonEngine, reference: ReferencePrompt, speakerID: String, text: ReadText) -> VoicePlan {
        let language = text.leadingLanguage(primary: .mandarin) ?? .mandarin
        // The model reads every language itself: one voice of the backend for each.
        var voices: [Language: Voice] = [:]
        for language in Language.allCases { voices[language] = backend.voice(for: language) }
        var plan = VoicePlan(speaker: Speaker(id: speakerID, language: language, gender: .female, voices: voices))
        plan.reference = reference
        plan.remote = true
        return plan
    }

    /// What a backend's voice can take of an instruction: pitch and level are applied here, on the received
    /// audio, by post-processing; a change of rate, pitch range, gender or language the deployments cannot make
    /// and no post-processing here does, so such an instruction is refused rather than ignored.
    func applyRemote(_ instruction: InstructControls, to plan: inout VoicePlan) throws(SynthesisError) {
        let effective = instruction.effective
        var refused: [String] = []
        if abs(effective.rate - 1) > 0.001 { refused.append("speaking rate") }
        if abs(effective.pitchRange - 1) > 0.001 { refused.append("pitch range") }
        if instruction.gender != nil { refused.append("gender") }
        if instruction.language != nil { refused.append("language") }
        guard refused.isEmpty else {
            throw .invalidInput(field: "instruct_text", message: "instruct_text asks for a change of \(refused.joined(separator: ", ")), which the inference backend cannot make; only pitch and volume instructions apply to its voices")
        }
        plan.instruction = instruction
        plan.controls.pitchShift += effective.pitch
        plan.controls.volumeDB += effective.volume
    }
}
