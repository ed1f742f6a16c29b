import AudioIO
import Engines
import Logging
import TextFrontend

/// The audio of one prepared request, segment after segment, at its wire rate.
///
/// Work is pulled: a segment is synthesised when the consumer asks for it, so a slow client applies
/// backpressure, and cancelling the consuming task (or dropping the stream) stops the engine and, once it has
/// stopped, frees the scheduler's slot. Each segment waits for an engine slot of its own, which is how
/// requests interleave fairly. The stream owns the request's deadline: a chunk asked for past it ends the
/// stream with `SynthesisError.timedOut`. A stream is consumed once, by one task at a time.
public struct SynthesisStream: AsyncSequence, Sendable {
    public typealias Element = AudioChunk

    /// Sample rate in Hz of every chunk, known before the first one: the rate the wire carries, already
    /// within what the request's format can send (``AudioFormat/wireRate(for:)``).
    public let sampleRate: Int
    /// The encoding the stream was planned for (``encoded(onAudio:)`` uses it).
    public let format: AudioFormat
    /// Controls derived from an instruction (instruct modes), for the `X-Instruct-Controls` header.
    public let instruction: InstructControls?
    /// The speaker (built-in id, or the matched voice's description) that reads the text.
    public let speakerID: String
    /// When the request must be done.
    public let deadline: RequestDeadline
    let run: SynthesisRun

    init(sampleRate: Int, format: AudioFormat, steps: [SegmentStep], permit: SchedulerPermit, instruction: InstructControls?,
         speakerID: String, textField: String = RequestDialect.cosyVoice.textField, deadline: RequestDeadline, logger: Logger) {
        self.sampleRate = sampleRate
        self.format = format
        self.instruction = instruction
        self.speakerID = speakerID
        self.deadline = deadline
        run = SynthesisRun(sampleRate: sampleRate, steps: steps, permit: permit, textField: textField, logger: logger)
    }

    /// The planned segments: text, voice, engine and controls.
    var steps: [SegmentStep] { run.steps }

    public func makeAsyncIterator() -> Iterator {
        Iterator(run: run, deadline: deadline)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let run: SynthesisRun
        let deadline: RequestDeadline

        public mutating func next() async throws -> AudioChunk? {
            let run = self.run
            return try await deadline.run { try await run.next() }
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
    /// The request's text field, for the message of a text that yields no audio.
    private let textField: String
    private let logger: Logger
    private var index = 0
    private var current: EngineRun?
    /// The next segment's work, started early (remote engines only).
    private var lookahead: EngineRun?
    private var post: PostProcessor?
    private var primed: AudioChunk?

    init(sampleRate: Int, steps: [SegmentStep], permit: SchedulerPermit, textField: String, logger: Logger) {
        self.textField = textField
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
            throw .invalidInput(field: textField, message: "\(textField) yields no audio: the voice finds nothing in it to speak")
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
        lookahead = nil
        post = nil
        permit.release()
        return error
    }

    /// What an engine's failure means for the client: a backend that is down or full is the server's
    /// unavailability, anything else an internal failure.
    private static func failure(_ error: any Error) -> SynthesisError {
        switch error as? EngineError {
        case .backendUnavailable(let message)?: .backendUnavailable(message)
        case .backendBusy?: .overloaded(retryAfter: 1)
        default: .internalFailure("engine: \(error)")
        }
    }

    private func nextChunk() async throws -> AudioChunk? {
        while true {
            if Task.isCancelled { throw finish(SynthesisError.cancelled) }
            if current == nil {
                guard index < steps.count else {
                    permit.release()
                    return nil
                }
                let step = steps[index]
                if let next = lookahead {
                    current = next
                    lookahead = nil
                } else if step.engine.capabilities.remote {
                    // Another machine does the work: no local engine slot to wait for.
                    current = EngineRun(step.start(cores: .own), slot: nil)
                } else {
                    let slot: SegmentSlot
                    do {
                        slot = try await SegmentSlot(scheduler: permit.scheduler, served: index)
                    } catch {
                        throw finish(SynthesisError.cancelled)
                    }
                    current = EngineRun(step.start(cores: slot.cores), slot: slot)
                }
                // A remote engine's next segment is requested now, so that it is being synthesised while this
                // one streams (its audio waits in the run's buffer).
                if step.engine.capabilities.remote, index + 1 < steps.count, steps[index + 1].engine.capabilities.remote {
                    lookahead = EngineRun(steps[index + 1].start(cores: .own), slot: nil)
                }
                post = PostProcessor(step.postProcessing, inputRate: step.voice.sampleRate, outputRate: sampleRate)
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
                throw finish(Self.failure(error))
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
