import AudioIO
import Engines
import Foundation
import TextFrontend

extension SynthesisService {
    /// Decides who speaks and how: a built-in or cloned speaker, or a voice matched to a prompt, then the
    /// instruction's controls, then the request's speed and seed on top.
    func voicePlan(for request: SynthesisRequest) async throws(SynthesisError) -> VoicePlan {
        var plan: VoicePlan
        switch request.mode {
        case .sft(let id):
            plan = try await speakerPlan(id, text: request.text)
        case .instruct(let id, let instruction):
            plan = try await speakerPlan(id, text: request.text)
            apply(instructions.parse(instruction), to: &plan)
        case .zeroShot(_, let prompt), .crossLingual(let prompt):
            plan = try await promptPlan(prompt, text: request.text)
        case .instruct2(let instruction, let prompt):
            plan = try await promptPlan(prompt, text: request.text)
            apply(instructions.parse(instruction), to: &plan)
        }
        plan.controls.rate *= request.speed
        plan.controls.seed = request.seed > 0 ? UInt64(request.seed) : nil
        return plan
    }

    /// Language of the text's first segment: it decides the base voice of prompt-driven modes.
    private func leadingLanguage(of text: String) -> Language {
        frontend.segments(for: text, primaryLanguage: .mandarin, streaming: false).first?.language ?? .mandarin
    }

    private func speakerPlan(_ id: String, text: String) async throws(SynthesisError) -> VoicePlan {
        if let speaker = catalog.speaker(id) {
            return VoicePlan(speaker: speaker, controls: VoiceControls(), primaryLanguage: speaker.language)
        }
        let profile: SpeakerProfile?
        do {
            profile = try await store.profile(id)
        } catch {
            throw .internalFailure("speaker store: \(error)")
        }
        guard let profile else { throw .unknownSpeaker(id) }
        return try matchedPlan(profile.analysis, text: text)
    }

    private func promptPlan(_ prompt: SynthesisRequest.Prompt, text: String) async throws(SynthesisError) -> VoicePlan {
        if case .speaker(let id) = prompt {
            return try await speakerPlan(id, text: text)
        }
        return try matchedPlan(PromptAnalysis.analyse(try decodePrompt(prompt)), text: text)
    }

    private func matchedPlan(_ analysis: PromptAnalysis, text: String) throws(SynthesisError) -> VoicePlan {
        let language = leadingLanguage(of: text)
        guard let match = VoiceMatcher(catalog: catalog).plan(for: analysis, language: language) else {
            throw .unsupported("no installed voice speaks \(language.rawValue)")
        }
        return VoicePlan(speaker: match.speaker, controls: match.controls, primaryLanguage: match.speaker.language)
    }

    /// Applies what the instruction parser could honour; the rest of the instruction is ignored, never spoken.
    private func apply(_ instruction: InstructControls, to plan: inout VoicePlan) {
        plan.instruction = instruction
        let gender = instruction.gender ?? plan.speaker.gender
        if let language = instruction.language, language != plan.speaker.language || gender != plan.speaker.gender,
           let speaker = catalog.matchingSpeaker(language: language, gender: gender) {
            plan.speaker = speaker
            if language == .cantonese { plan.primaryLanguage = .cantonese }
        } else if gender != plan.speaker.gender,
                  let speaker = catalog.matchingSpeaker(language: plan.speaker.language, gender: gender) {
            plan.speaker = speaker
            plan.controls.pitchShift = 0  // a matched pitch belonged to the other voice
        }
        let effective = instruction.effective
        plan.controls.rate *= effective.rate
        plan.controls.pitchShift += effective.pitch
        plan.controls.pitchRange *= effective.pitchRange
        plan.controls.volumeDB += effective.volume
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
