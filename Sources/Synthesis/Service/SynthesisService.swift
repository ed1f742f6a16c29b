import AudioIO
import Engines
import Foundation
import Logging
import TextFrontend

/// The one entry point every surface calls: validates a request completely, decides voice and prosody,
/// admits it through the scheduler, and hands back a stream of audio.
public final class SynthesisService: Sendable {
    public let catalog: VoiceCatalog
    public let store: any SpeakerStore
    public let limits: Limits
    public let scheduler: Scheduler
    let frontend = TextFrontend()
    let instructions = InstructionParser()
    let profiler: VoiceProfiler
    /// Measures a prompt; injected so tests can observe when prompts are (and are not) analysed.
    let analyse: @Sendable (AudioChunk) -> PromptAnalysis
    let logger: Logger

    public init(catalog: VoiceCatalog, store: any SpeakerStore, limits: Limits = Limits(), scheduler: Scheduler,
                logger: Logger = Logger(label: "cosyvoice.synthesis"),
                analyse: @escaping @Sendable (AudioChunk) -> PromptAnalysis = PromptAnalysis.analyse) {
        self.catalog = catalog
        self.store = store
        self.limits = limits
        self.scheduler = scheduler
        self.logger = logger
        self.analyse = analyse
        profiler = VoiceProfiler(catalog: catalog, frontend: frontend)
    }

    /// Measures every built-in speaker's voices now, so that the first prompt-matched request does not pay
    /// for it, and the engines have run once.
    public func warmUp() async {
        var seen = Set<String>()
        for id in catalog.speakerIDs {
            for voice in catalog.speaker(id)!.voices.values where seen.insert(voice.id).inserted {
                do {
                    _ = try await profiler.profile(of: voice)
                } catch {
                    logger.warning("voice failed to warm up", metadata: ["voice": "\(voice.id)", "error": "\(error)"])
                }
            }
        }
    }

    /// Validates `request` and starts it. Every check that can fail runs here, so a surface sends its status
    /// line only after this returned. Dropping or cancelling the returned stream cancels the engine work.
    public func prepare(_ request: SynthesisRequest) async throws(SynthesisError) -> SynthesisStream {
        try validate(request)
        let plan = try await voicePlan(for: request)
        let segments = frontend.segments(for: request.text, primaryLanguage: plan.primaryLanguage, streaming: request.stream)
        guard !segments.isEmpty else {
            throw .invalidInput(field: "tts_text", message: "tts_text has nothing to speak (only tags, punctuation or symbols)")
        }
        let outputRate = request.sampleRate ?? plan.speaker.primaryVoice.sampleRate
        var steps: [SegmentStep] = []
        for segment in segments {
            let voice = plan.speaker.voice(for: segment.language)
            guard let engine = catalog.engine(for: voice) else {
                throw .internalFailure("no engine named \(voice.engine) for voice \(voice.id)")
            }
            let controls = try await controls(for: (segment, voice), plan: plan)
            steps.append(SegmentStep(segment: segment, voice: voice, engine: engine, controls: controls, reference: plan.reference))
        }
        let permit = try scheduler.admit()
        if let instruction = plan.instruction {
            logger.info("instruction controls", metadata: ["controls": "\(instruction.jsonString())"])
        }
        return SynthesisStream(sampleRate: outputRate, steps: steps, permit: permit, instruction: plan.instruction,
                               speakerID: plan.speaker.id, logger: logger)
    }

    /// Every speaker id a client can use: built-in first, then cloned.
    public func availableSpeakers() async throws(SynthesisError) -> [String] {
        do {
            return catalog.speakerIDs + (try await store.speakerIDs())
        } catch {
            throw .internalFailure("speaker store: \(error)")
        }
    }

    /// Stores a cloned speaker after validating its id and prompt; replaces an earlier clone of the same id.
    @discardableResult
    public func clone(speakerID: String, promptText: String, promptAudio: Data) async throws(SynthesisError) -> ClonedSpeaker {
        try SpeakerID.validate(speakerID, maximumLength: limits.maxSpeakerIDLength)
        guard catalog.speaker(speakerID) == nil else {
            throw .invalidInput(field: "spk_id", message: "'\(speakerID)' is a built-in speaker and cannot be replaced")
        }
        let audio = try decodePrompt(.file(promptAudio))
        let speaker = ClonedSpeaker(id: speakerID, promptText: promptText, promptAudio: audio, analysis: analyse(audio))
        do {
            if try await store.profile(speakerID) == nil, try await store.count() >= limits.maxClonedSpeakers {
                throw SynthesisError.limitExceeded("the server already stores \(limits.maxClonedSpeakers) cloned speakers")
            }
            try await store.save(speaker)
        } catch let error as SynthesisError {
            throw error
        } catch {
            throw .internalFailure("speaker store: \(error)")
        }
        return speaker
    }

    // MARK: - Validation

    private func validate(_ request: SynthesisRequest) throws(SynthesisError) {
        let text = request.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .invalidInput(field: "tts_text", message: "tts_text is empty") }
        guard request.text.count <= limits.maxTextCharacters else {
            throw .limitExceeded("tts_text has \(request.text.count) characters; the limit is \(limits.maxTextCharacters)")
        }
        guard request.speed.isFinite, limits.speedRange.contains(request.speed) else {
            throw .invalidInput(field: "speed", message: "speed must be between \(limits.speedRange.lowerBound) and \(limits.speedRange.upperBound), got \(request.speed)")
        }
        if let rate = request.sampleRate, !limits.sampleRateRange.contains(rate) {
            throw .invalidInput(field: "sample_rate", message: "sample_rate must be between \(limits.sampleRateRange.lowerBound) and \(limits.sampleRateRange.upperBound) Hz, got \(rate)")
        }
    }

    func decodePrompt(_ prompt: SynthesisRequest.Prompt) throws(SynthesisError) -> AudioChunk {
        do {
            switch prompt {
            case .file(let data): return try limits.prompt.decodePrompt(data)
            case .pcm16(let data, let rate): return try limits.prompt.validatePCM16(data, sampleRate: rate)
            case .speaker: throw SynthesisError.internalFailure("a stored speaker has no prompt bytes to decode")
            }
        } catch let error as AudioError {
            throw .invalidInput(field: "prompt_audio", message: "prompt audio: \(error)")
        } catch let error as SynthesisError {
            throw error
        } catch {
            throw .internalFailure("\(error)")
        }
    }
}
