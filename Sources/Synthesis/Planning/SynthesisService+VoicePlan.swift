import AudioIO
import Engines
import Foundation
import TextFrontend

extension SynthesisService {
    /// Decides who speaks and how: a built-in speaker, or a voice matched to a prompt (uploaded or cloned),
    /// then the instruction's controls, then the request's speed and seed on top. `text` is the request's
    /// text as the front end read it; its language chooses the voice of prompt-driven modes.
    func voicePlan(for request: SynthesisRequest, text: ReadText) async throws(SynthesisError) -> VoicePlan {
        var plan: VoicePlan
        switch request.mode {
        case .sft(let id):
            plan = try await speakerPlan(id, text: text)
        case .instruct(let id, let instruction):
            plan = try await speakerPlan(id, text: text)
            // An empty instruction is plain sft (api.md): no controls, nothing reported.
            if !instruction.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                if plan.remote {
                    try applyRemote(instructions.parse(instruction), to: &plan)
                } else {
                    apply(instructions.parse(instruction), to: &plan)
                }
            }
        case .zeroShot(let promptText, let prompt):
            if let backend = try await routedBackend(for: .zeroShot) {
                plan = try await remotePlan(backend, prompt: prompt, transcript: promptText, text: text)
            } else {
                plan = try await promptPlan(prompt, transcript: promptText, matchRate: true, text: text)
            }
        case .crossLingual(let prompt):
            if let backend = try await routedBackend(for: .crossLingual) {
                plan = try await remotePlan(backend, prompt: prompt, transcript: nil, text: text)
            } else {
                plan = try await promptPlan(prompt, transcript: nil, matchRate: false, text: text)
            }
        case .instruct2(let instruction, let prompt):
            if let backend = try await routedBackend(for: .instruct2) {
                // The deployments have no instruct2 mode: the prompt goes as for cross-lingual, and the
                // instruction is applied here where it can be (``applyRemote(_:to:)``).
                plan = try await remotePlan(backend, prompt: prompt, transcript: nil, text: text)
                try applyRemote(instructions.parse(instruction), to: &plan)
            } else {
                plan = try await promptPlan(prompt, transcript: nil, matchRate: false, text: text)
                apply(instructions.parse(instruction), to: &plan)
            }
        }
        if plan.remote, request.speed != 1 {
            throw .invalidInput(field: "speed", message: "speed must be 1 for this voice: the inference backend that speaks it cannot change speed, got \(request.speed)")
        }
        plan.controls.rate *= request.speed
        plan.controls.seed = request.seed > 0 ? UInt64(request.seed) : nil
        return plan
    }

    /// A built-in speaker as it is, or a cloned one speaking in its prompt's voice (from the analysis stored
    /// at clone time: the prompt is never decoded or analysed again).
    /// A preset id routed to a backend speaks there with its recording; a cloned speaker goes where zero-shot
    /// requests go.
    private func speakerPlan(_ id: String, text: ReadText) async throws(SynthesisError) -> VoicePlan {
        if let routed = try await routedSpeakerPlan(id, text: text) { return routed }
        if let speaker = catalog.speaker(id) { return VoicePlan(speaker: speaker) }
        if catalog.routing.speakers[id] == nil, let backend = try await routedBackend(for: .zeroShot) {
            return try await remotePlan(backend, prompt: .speaker(id), transcript: "", text: text)
        }
        return try await promptPlan(.speaker(id), transcript: nil, matchRate: true, text: text)
    }

    /// A voice matched to a prompt. With `matchRate` and a transcript (given, or stored with a cloned
    /// speaker) the speaking rate follows the prompt too. Where a cloning engine speaks the text's language,
    /// it gets the prompt itself instead.
    private func promptPlan(_ prompt: SynthesisRequest.Prompt, transcript: String?, matchRate: Bool, text: ReadText) async throws(SynthesisError) -> VoicePlan {
        let language = text.leadingLanguage(primary: .mandarin) ?? .mandarin
        if let voice = catalog.cloningVoice(language: language) {
            return try await cloningPlan(voice, prompt: prompt, transcript: transcript)
        }
        let analysis: PromptAnalysis
        var transcript = transcript
        if case .speaker(let id) = prompt {
            guard let profile = try await storedProfile(id) else { throw .unknownSpeaker(id) }
            analysis = profile.analysis
            if transcript?.isEmpty ?? true { transcript = profile.promptText }
        } else {
            analysis = try await measuredPrompt(prompt, served: 0).analysis
        }
        var plan = try matchedPlan(VoiceTarget(analysis), language: language)
        if matchRate, let transcript, !transcript.isEmpty, let rate = await matchedRate(analysis, transcript: transcript, gender: plan.speaker.gender) {
            plan.controls.rate *= rate
        }
        return plan
    }

    private func cloningPlan(_ voice: Voice, prompt: SynthesisRequest.Prompt, transcript: String?) async throws(SynthesisError) -> VoicePlan {
        let reference: ReferencePrompt
        if case .speaker(let id) = prompt {
            let stored: ClonedSpeaker?
            do { stored = try await store.speaker(id) } catch { throw SynthesisError(storeFailure: error) }
            guard let stored else { throw .unknownSpeaker(id) }
            reference = ReferencePrompt(audio: stored.promptAudio, transcript: transcript ?? stored.promptText)
        } else {
            reference = ReferencePrompt(audio: try await decodePrompt(prompt), transcript: transcript)
        }
        var plan = VoicePlan(speaker: Speaker(id: voice.id, language: voice.language, gender: voice.gender, voices: [voice.language: voice]))
        plan.reference = reference
        return plan
    }

    private func matchedPlan(_ target: VoiceTarget, language: Language) throws(SynthesisError) -> VoicePlan {
        guard let speaker = catalog.matchingSpeaker(language: language, gender: target.gender) else {
            throw .unsupported("no installed voice speaks \(language.rawValue)")
        }
        return VoicePlan(speaker: speaker, target: target)
    }

    /// The rate multiplier that makes a voice speak as fast as the prompt: the prompt's units per second
    /// over those of the voice that speaks the prompt's language, so it also carries across languages.
    private func matchedRate(_ analysis: PromptAnalysis, transcript: String, gender: Gender) async -> Double? {
        guard analysis.speechDuration > 0.3 else { return nil }
        // The transcript is the prompt's text, not the request's: its own short reading.
        let language = frontend.read(transcript).leadingLanguage(primary: .mandarin) ?? .mandarin
        let units = await frontend.spokenUnits(normalizing: transcript, language: language)
        guard units > 0, let voice = catalog.bestVoice(language: language, gender: gender),
              let profile = try? await profiler.profile(of: voice) else { return nil }
        let rate = analysis.speakingRate(units: units) / profile.unitsPerSecond
        return min(max(rate, limits.speedRange.lowerBound), limits.speedRange.upperBound)
    }

    private func storedProfile(_ id: String) async throws(SynthesisError) -> SpeakerProfile? {
        do {
            return try await store.profile(id)
        } catch {
            throw SynthesisError(storeFailure: error)
        }
    }

    /// Applies what the instruction parser could honour; the rest of the instruction is ignored, never spoken.
    private func apply(_ instruction: InstructControls, to plan: inout VoicePlan) {
        plan.instruction = instruction
        let gender = instruction.gender ?? plan.speaker.gender
        let language = instruction.language ?? plan.speaker.language
        if language != plan.speaker.language || gender != plan.speaker.gender,
           let speaker = catalog.matchingSpeaker(language: language, gender: gender) {
            plan.speaker = speaker
            plan.primaryLanguage = language == .cantonese ? .cantonese : speaker.language
            // A prompt's pitch belongs to the prompt's gender; asking for the other gender drops it.
            if gender != plan.target?.gender { plan.target?.medianF0 = nil }
        }
        let effective = instruction.effective
        plan.controls.rate *= effective.rate
        plan.controls.pitchShift += effective.pitch
        plan.controls.pitchRange *= effective.pitchRange
        plan.controls.volumeDB += effective.volume
    }

    /// The controls a segment's voice gets: the plan's, moved onto the prompt's target for that voice, with
    /// emphasis on top.
    func controls(for step: (segment: Segment, voice: Voice), plan: VoicePlan) async throws(SynthesisError) -> VoiceControls {
        var controls = plan.controls
        if let target = plan.target {
            do {
                controls = target.controls(for: try await profiler.profile(of: step.voice), base: controls)
            } catch {
                throw .internalFailure("measuring voice \(step.voice.id): \(error)")
            }
        }
        guard step.segment.emphasis else { return controls }
        // A backend's voice has no rate control: emphasis there is louder and higher only.
        var emphasised = controls.emphasised
        if plan.remote { emphasised.rate = controls.rate }
        return emphasised
    }
}

extension VoiceControls {
    /// Controls for `<strong>…</strong>` text: slower, louder and higher than the surrounding speech.
    var emphasised: VoiceControls {
        var controls = self
        controls.rate *= 0.88
        controls.volumeDB += 3
        controls.pitchShift += 1.5
        return controls
    }
}
