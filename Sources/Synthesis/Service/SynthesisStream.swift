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

    func run() -> AsyncThrowingStream<AudioChunk, any Error> {
        if let reference { return engine.synthesize(segment, voice: voice, controls: controls, reference: reference) }
        return engine.synthesize(segment, voice: voice, controls: controls)
    }
}

/// The audio of one prepared request, segment after segment, at `sampleRate`.
///
/// Work is pulled: a segment is synthesised when the consumer asks for it, so a slow client applies
/// backpressure, and cancelling the consuming task (or dropping the stream) stops the engine within one
/// chunk and frees the scheduler's slot. Each segment waits for an engine slot of its own, which is how
/// requests interleave fairly.
public struct SynthesisStream: AsyncSequence, Sendable {
    public typealias Element = AudioChunk

    /// Output sample rate in Hz, known before the first chunk.
    public let sampleRate: Int
    /// Number of segments the text was split into.
    public var segmentCount: Int { steps.count }
    /// Controls derived from an instruction (instruct modes), for the `X-Instruct-Controls` header.
    public let instruction: InstructControls?
    /// The speaker (built-in id, or the matched voice's description) that reads the text.
    public let speakerID: String
    let steps: [SegmentStep]
    let permit: SchedulerPermit
    let logger: Logger

    init(sampleRate: Int, steps: [SegmentStep], permit: SchedulerPermit, instruction: InstructControls?, speakerID: String, logger: Logger) {
        self.sampleRate = sampleRate
        self.steps = steps
        self.permit = permit
        self.instruction = instruction
        self.speakerID = speakerID
        self.logger = logger
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(stream: self)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let stream: SynthesisStream
        private var index = 0
        private var current: EngineRun?
        private var post: PostProcessor?
        private var slot: SegmentSlot?

        init(stream: SynthesisStream) { self.stream = stream }

        /// Frees the engine slot and the request's place; returns `error` to throw.
        private mutating func finish(_ error: SynthesisError) -> SynthesisError {
            current = nil
            slot?.release()
            slot = nil
            stream.permit.release()
            return error
        }

        public mutating func next() async throws -> AudioChunk? {
            while true {
                if Task.isCancelled { throw finish(SynthesisError.cancelled) }
                if current == nil {
                    guard index < stream.steps.count else {
                        stream.permit.release()
                        return nil
                    }
                    do {
                        slot = try await SegmentSlot(scheduler: stream.permit.scheduler, served: index)
                    } catch {
                        throw finish(SynthesisError.cancelled)
                    }
                    let step = stream.steps[index]
                    current = EngineRun(step.run())
                    post = PostProcessor(step: step, outputRate: stream.sampleRate)
                    if step.segment.pauseBefore > 0 {
                        return .silence(seconds: step.segment.pauseBefore, sampleRate: stream.sampleRate)
                    }
                }
                let chunk: AudioChunk?
                do {
                    chunk = try await current?.next()
                } catch {
                    stream.logger.error("engine failed", metadata: ["error": "\(error)", "voice": "\(stream.steps[index].voice.id)"])
                    throw finish(SynthesisError.internalFailure("engine: \(error)"))
                }
                if let chunk {
                    if let processed = post?.process(chunk), !processed.samples.isEmpty { return processed }
                    continue
                }
                let tail = post?.finish()
                current = nil
                post = nil
                slot?.release()
                slot = nil
                index += 1
                if let tail, !tail.samples.isEmpty { return tail }
            }
        }
    }
}
