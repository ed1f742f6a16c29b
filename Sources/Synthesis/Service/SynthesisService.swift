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
    /// The text front end every request is read by (with the normalisation grammars when they are installed).
    public let frontend: TextFrontend
    let instructions = InstructionParser()
    let profiler: VoiceProfiler
    /// Measures a prompt; injected so tests can observe when prompts are (and are not) analysed.
    let analyse: @Sendable (AudioChunk) -> PromptAnalysis
    let logger: Logger

    public init(catalog: VoiceCatalog, store: any SpeakerStore, limits: Limits = Limits(), scheduler: Scheduler,
                frontend: TextFrontend = TextFrontend(), logger: Logger = Logger(label: "cosyvoice.synthesis"),
                analyse: @escaping @Sendable (AudioChunk) -> PromptAnalysis = PromptAnalysis.analyse) {
        self.catalog = catalog
        self.frontend = frontend
        self.store = store
        self.limits = limits
        self.scheduler = scheduler
        self.logger = logger
        self.analyse = analyse
        profiler = VoiceProfiler(catalog: catalog, frontend: frontend, scheduler: scheduler)
    }

    /// Measures every built-in speaker's voices now, so that the first prompt-matched request does not pay
    /// for it, and the engines have run once. Voices spoken only by name are left to their first use: voice
    /// matching never picks them, and measuring them (five Kokoro voices, slower than real time here) would
    /// hold the start for minutes.
    public func warmUp() async {
        var seen = Set<String>()
        for id in catalog.speakerIDs {
            for voice in catalog.speaker(id)!.voices.values where voice.quality != .neuralByName && seen.insert(voice.id).inserted {
                do {
                    _ = try await profiler.profile(of: voice)
                } catch {
                    logger.warning("voice failed to warm up", metadata: ["voice": "\(voice.id)", "error": "\(error)"])
                }
            }
        }
    }

    /// Takes the request's place in the server, or refuses it at once with `overloaded` when the server is
    /// full. Surfaces call this first, before reading a body or decoding anything, so a full server spends
    /// nothing proportional to the requests it refuses; the permit then goes to ``start(_:admitted:)``.
    public func admit() throws(SynthesisError) -> SchedulerPermit {
        try scheduler.admit()
    }

    /// Prepares `request` and synthesises its first chunk, all within the request's deadline. Every check
    /// that can fail before the first audio runs here — including the engine's first segment — so a surface
    /// sends its status line only after this returned, and a failure before any audio is a status, not a
    /// cut-off body.
    public func start(_ request: SynthesisRequest, admitted permit: SchedulerPermit? = nil) async throws(SynthesisError) -> SynthesisStream {
        do {
            return try await deadline(of: request).run {
                let stream = try await self.prepare(request, admitted: permit)
                try await stream.prime()
                return stream
            }
        } catch let error as SynthesisError {
            throw error
        } catch {
            throw .cancelled
        }
    }

    /// Validates and plans `request`, each step once and in this order, without synthesising anything yet:
    /// admission (unless the surface already admitted it), the checks of its fields, one reading of its text,
    /// the voice plan, the segments, and the wire rate. Dropping or cancelling the returned stream cancels the
    /// engine work.
    public func prepare(_ request: SynthesisRequest, admitted permit: SchedulerPermit? = nil) async throws(SynthesisError) -> SynthesisStream {
        let admitted: SchedulerPermit
        if let permit { admitted = permit } else { admitted = try scheduler.admit() }
        do throws(SynthesisError) {
            let (plan, steps) = try await steps(for: request)
            if let instruction = plan.instruction {
                logger.info("instruction controls", metadata: ["controls": "\(instruction.jsonString(asciiOnly: false))"])
            }
            // The one place the wire rate is decided: post-processing resamples each segment to it once.
            let wireRate = request.format.wireRate(for: request.sampleRate ?? plan.speaker.primaryVoice.sampleRate)
            return SynthesisStream(sampleRate: wireRate, format: request.format, steps: steps, permit: admitted, instruction: plan.instruction,
                                   speakerID: plan.speaker.id, textField: request.dialect.textField, deadline: deadline(of: request),
                                   logger: logger)
        } catch {
            // A refused request leaves the server at once rather than when its permit is freed.
            admitted.release()
            throw error
        }
    }

    /// The checks of `request`'s fields, one reading of its text, the voice plan, and each segment with the voice,
    /// engine and controls that will speak it: everything ``prepare(_:admitted:)`` decides before any audio.
    private func steps(for request: SynthesisRequest) async throws(SynthesisError) -> (plan: VoicePlan, steps: [SegmentStep]) {
        try validate(request)
        let text = try read(request.text, field: request.dialect.textField)
        let plan = try await voicePlan(for: request, text: text)
        // After admission: at most the admitted requests (engine slots plus the queue) read at once, and on the
        // grammars' threads, each bounded by the text limit.
        let segments = await frontend.segments(normalizing: text, primaryLanguage: plan.primaryLanguage, streaming: request.stream)
        guard !segments.isEmpty else {
            let field = request.dialect.textField
            throw .invalidInput(field: field, message: "\(field) has nothing to speak (only tags, punctuation or symbols)")
        }
        var steps: [SegmentStep] = []
        for segment in segments {
            let voice = plan.speaker.voice(for: segment.language)
            guard let engine = catalog.engine(for: voice) else {
                throw .internalFailure("no engine named \(voice.engine) for voice \(voice.id)")
            }
            let controls = try await controls(for: (segment, voice), plan: plan)
            steps.append(SegmentStep(segment: segment, voice: voice, engine: engine, controls: controls, reference: plan.reference))
        }
        return (plan, steps)
    }

    /// The segments `request` would be spoken in, each with its voice and engine input, computed by the code
    /// ``prepare(_:admitted:)`` runs, without admission or synthesis. Engine input may take espeak-ng's lock.
    public func plannedSegments(for request: SynthesisRequest) async throws(SynthesisError) -> [PlannedSegment] {
        try await steps(for: request).steps.enumerated().map { index, step in
            PlannedSegment(segment: step.segment, voiceID: step.voice.id, input: step.engine.input(for: step.segment, voice: step.voice),
                           first: request.stream && index == 0)
        }
    }

    /// The request's one deadline: `Limits.requestTimeout` from its arrival.
    private func deadline(of request: SynthesisRequest) -> RequestDeadline {
        RequestDeadline(seconds: limits.requestTimeout, from: request.received)
    }

    /// Every speaker id a client can use: built-in first, then cloned.
    public func availableSpeakers() async throws(SynthesisError) -> [String] {
        do {
            return catalog.speakerIDs + catalog.backendOnlySpeakerIDs + (try await store.speakerIDs())
        } catch {
            throw SynthesisError(storeFailure: error)
        }
    }

    // MARK: - Validation

    /// The checks that cost nothing proportional to the request, before any other work.
    private func validate(_ request: SynthesisRequest) throws(SynthesisError) {
        // Lengths first, in Unicode scalars: every later step (trimming included) is linear in them.
        let (textField, speedRange) = (request.dialect.textField, request.dialect.speedRange ?? limits.speedRange)
        try limits.checkLength(of: request.text, field: textField, maximum: request.dialect.maxTextCharacters ?? limits.maxTextCharacters)
        switch request.mode {
        case .zeroShot(let promptText, _):
            try limits.checkLength(of: promptText, field: "prompt_text", maximum: limits.maxPromptTextCharacters)
        case .instruct(_, let instruction), .instruct2(let instruction, _):
            try limits.checkLength(of: instruction, field: "instruct_text", maximum: limits.maxInstructTextCharacters)
        case .sft, .crossLingual:
            break
        }
        guard request.text.contains(where: { !$0.isWhitespace }) else {
            throw .invalidInput(field: textField, message: "\(textField) is empty")
        }
        guard request.speed.isFinite, speedRange.contains(request.speed) else {
            throw .invalidInput(field: "speed", message: "speed must be between \(speedRange.lowerBound) and \(speedRange.upperBound), got \(request.speed)")
        }
        if let rate = request.sampleRate, !limits.sampleRateRange.contains(rate) {
            throw .invalidInput(field: "sample_rate", message: "sample_rate must be between \(limits.sampleRateRange.lowerBound) and \(limits.sampleRateRange.upperBound) Hz, got \(rate)")
        }
    }

    /// The request's one pass through the text front end. Scripts no voice reads are refused rather than
    /// skipped: a voice given them would answer with silence, or nothing at all.
    private func read(_ text: String, field: String) throws(SynthesisError) -> ReadText {
        let read = frontend.read(text)
        guard read.unsupportedScripts.isEmpty else {
            throw .invalidInput(field: field, message: "\(field) contains text in a script no installed voice reads (\(read.unsupportedScripts.joined(separator: ", ")))")
        }
        return read
    }

    /// Decodes and checks prompt audio on a thread of its own (a long prompt costs tens of milliseconds of a
    /// core, which must not be taken from the cooperative pool).
    func decodePrompt(_ prompt: SynthesisRequest.Prompt) async throws(SynthesisError) -> AudioChunk {
        let rules = limits.prompt
        return try await DedicatedThread.run("prompt decode") { () throws(SynthesisError) -> AudioChunk in
            do {
                switch prompt {
                case .file(let data): return try rules.decodePrompt(data)
                case .pcm16(let data, let rate): return try rules.validatePCM16(data, sampleRate: rate)
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

    /// Decodes and measures prompt audio under an engine slot: it is a request's CPU work like any segment, so
    /// it waits its turn instead of running beside the engines. `served` is the scheduler's priority (0 takes
    /// the first-segment reserve, as a synthesis request's first work does).
    func measuredPrompt(_ prompt: SynthesisRequest.Prompt, served: Int) async throws(SynthesisError) -> (audio: AudioChunk, analysis: PromptAnalysis) {
        let slot: SegmentSlot
        do { slot = try await SegmentSlot(scheduler: scheduler, served: served) } catch { throw .cancelled }
        defer { slot.release() }
        let audio = try await decodePrompt(prompt)
        let analyse = self.analyse
        return (audio, await DedicatedThread.run("prompt analysis") { () -> PromptAnalysis in analyse(audio) })
    }
}
