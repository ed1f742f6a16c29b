import AudioIO
import Engines
import Logging
import TextFrontend

/// One segment's work: the text, the voice that reads it and the prosody to apply.
struct SegmentStep: Sendable {
    var segment: Segment
    var voice: Voice
    var engine: any SpeechEngine
    var controls: VoiceControls
    var reference: ReferencePrompt?

    func start() -> EngineWork {
        engine.start(segment, voice: voice, controls: controls, reference: reference)
    }
}

/// The audio of one prepared request, segment after segment, at `sampleRate`.
///
/// Work is pulled: a segment is synthesised when the consumer asks for it, so a slow client applies
/// backpressure, and cancelling the consuming task (or dropping the stream) stops the engine and, once it has
/// stopped, frees the scheduler's slot. Each segment waits for an engine slot of its own, which is how
/// requests interleave fairly. A stream is consumed once, by one task at a time.
public struct SynthesisStream: AsyncSequence, Sendable {
    public typealias Element = AudioChunk

    /// Output sample rate in Hz, known before the first chunk.
    public let sampleRate: Int
    /// Number of segments the text was split into.
    public var segmentCount: Int { steps.count }
    /// The planned segments: text, voice, engine and controls.
    var steps: [SegmentStep] { run.steps }
    /// Controls derived from an instruction (instruct modes), for the `X-Instruct-Controls` header.
    public let instruction: InstructControls?
    /// The speaker (built-in id, or the matched voice's description) that reads the text.
    public let speakerID: String
    let run: SynthesisRun

    init(sampleRate: Int, steps: [SegmentStep], permit: SchedulerPermit, instruction: InstructControls?, speakerID: String, logger: Logger) {
        self.sampleRate = sampleRate
        self.instruction = instruction
        self.speakerID = speakerID
        run = SynthesisRun(sampleRate: sampleRate, steps: steps, permit: permit, logger: logger)
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(run: run)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let run: SynthesisRun

        public mutating func next() async throws -> AudioChunk? {
            try await run.next()
        }
    }

    /// Synthesises the first chunk now and keeps it for the consumer, so that whatever can go wrong before the
    /// first audio (no free slot before the deadline, an engine failure, a text that yields no sound at all)
    /// is an error here, before a surface sends its status line.
    func prime() async throws(SynthesisError) {
        try await run.prime()
    }
}

/// The state of one request's synthesis: the segment being synthesised, its post-processing, its slot.
///
/// Unchecked `Sendable`: a run is handed from `prepare` to the one task that consumes it and is never used
/// by two tasks at once (``SynthesisStream`` says so).
final class SynthesisRun: @unchecked Sendable {
    let sampleRate: Int
    let steps: [SegmentStep]
    private let permit: SchedulerPermit
    private let logger: Logger
    private var index = 0
    private var current: EngineRun?
    private var post: PostProcessor?
    private var primed: AudioChunk?

    init(sampleRate: Int, steps: [SegmentStep], permit: SchedulerPermit, logger: Logger) {
        self.sampleRate = sampleRate
        self.steps = steps
        self.permit = permit
        self.logger = logger
    }

    func prime() async throws(SynthesisError) {
        do {
            primed = try await nextChunk()
        } catch let error as SynthesisError {
            throw error
        } catch {
            throw .internalFailure("\(error)")
        }
        guard primed != nil else {
            throw .invalidInput(field: "tts_text", message: "tts_text yields no audio: the voice finds nothing in it to speak")
        }
    }

    func next() async throws -> AudioChunk? {
        if let primed {
            self.primed = nil
            return primed
        }
        return try await nextChunk()
    }

    /// Stops the engine (its slot is freed once it has stopped) and leaves the server; returns `error` to throw.
    private func finish(_ error: SynthesisError) -> SynthesisError {
        current = nil
        post = nil
        permit.release()
        return error
    }

    private func nextChunk() async throws -> AudioChunk? {
        while true {
            if Task.isCancelled { throw finish(SynthesisError.cancelled) }
            if current == nil {
                guard index < steps.count else {
                    permit.release()
                    return nil
                }
                let slot: SegmentSlot
                do {
                    slot = try await SegmentSlot(scheduler: permit.scheduler, served: index)
                } catch {
                    throw finish(SynthesisError.cancelled)
                }
                let step = steps[index]
                current = EngineRun(step.start(), slot: slot)
                post = PostProcessor(step: step, outputRate: sampleRate)
                if step.segment.pauseBefore > 0 {
                    return .silence(seconds: step.segment.pauseBefore, sampleRate: sampleRate)
                }
            }
            let chunk: AudioChunk?
            do {
                chunk = try await current?.next()
            } catch {
                logger.error("engine failed", metadata: ["error": "\(error)", "voice": "\(steps[index].voice.id)"])
                current?.finish()
                throw finish(SynthesisError.internalFailure("engine: \(error)"))
            }
            if let chunk {
                if let processed = post?.process(chunk), !processed.samples.isEmpty { return processed }
                continue
            }
            let tail = post?.finish()
            current?.finish()
            current = nil
            post = nil
            index += 1
            if let tail, !tail.samples.isEmpty { return tail }
        }
    }
}
