import AudioIO
import CosyVoiceTesting
import Engines
import Foundation
import Synchronization
@testable import Synthesis
import Testing
import TextFrontend

/// An engine whose timing the test controls: each segment starts (and is logged) at once, then waits until
/// the test lets one segment finish.
final class GatedEngine: SpeechEngine {
    let name: EngineName = "gated"
    let capabilities = EngineCapabilities(nativeRate: true, nativePitchRange: -12...12, deterministic: true)
    let voice = Voice(engine: "gated", name: "gated-en", language: .english, gender: .male, sampleRate: 16000, typicalF0: 100)
    private let state = Mutex<(started: [String], permits: Int, waiting: [CheckedContinuation<Void, Never>])>(([], 0, []))
    private let shares = Mutex<[String: CoreShare]>([:])

    var started: [String] { state.withLock { $0.started } }
    /// The cores each segment (by text) was started on.
    var coresBySegment: [String: CoreShare] { shares.withLock { $0 } }

    func start(_ segment: Segment, voice: Voice, controls: VoiceControls, reference: ReferencePrompt?, cores: CoreShare) -> EngineWork {
        shares.withLock { $0[segment.text] = cores }
        return EngineWork(stoppingPromptly: synthesize(segment, voice: voice, controls: controls))
    }

    /// Lets `count` segments (waiting now or later) finish.
    func finish(_ count: Int = 1) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.permits += count
            let n = min(state.permits, state.waiting.count)
            state.permits -= n
            let ready = Array(state.waiting.prefix(n))
            state.waiting.removeFirst(n)
            return ready
        }
        ready.forEach { $0.resume() }
    }

    func synthesize(_ segment: Segment, voice: Voice, controls: VoiceControls) -> AsyncThrowingStream<AudioChunk, any Error> {
        let (stream, continuation) = AsyncThrowingStream<AudioChunk, any Error>.makeStream()
        state.withLock { $0.started.append(segment.text) }
        Task {
            await withCheckedContinuation { wait in
                let go = state.withLock { state -> Bool in
                    if state.permits > 0 { state.permits -= 1; return true }
                    state.waiting.append(wait)
                    return false
                }
                if go { wait.resume() }
            }
            continuation.yield(AudioChunk(samples: [Float](repeating: 0.1, count: 1600), sampleRate: 16000))
            continuation.finish()
        }
        return stream
    }
}

@Suite("Scheduling: admission, fairness and cancellation")
struct SchedulerTests {
    let engine = GatedEngine()

    func makeService(engineSlots: Int, maxQueued: Int, firstSegmentReserve: Int = 0) throws -> SynthesisService {
        let catalog = VoiceCatalog(engines: [engine], voices: [engine.voice], assignments: ["英文男": engine.voice.id])
        let store = try SQLiteSpeakerStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("sched-\(UUID()).sqlite").path)
        return SynthesisService(catalog: catalog, store: store, scheduler: Scheduler(engineSlots: engineSlots, maxQueued: maxQueued, firstSegmentReserve: firstSegmentReserve))
    }

    func consume(_ stream: SynthesisStream) -> Task<Int, any Error> {
        Task { var n = 0; for try await _ in stream { n += 1 }; return n }
    }

    @Test func aShortRequestIsNotStarvedByALongOne() async throws {
        let service = try makeService(engineSlots: 1, maxQueued: 4)
        let sentence = String(repeating: "many words in a row ", count: 10) + "end."
        let long = try await service.prepare(SynthesisRequest(mode: .sft(speakerID: "英文男"), text: Array(repeating: sentence, count: 6).joined(separator: " ")))
        #expect(long.steps.count >= 3)
        let longTask = consume(long)
        #expect(await eventually { engine.started.count == 1 })

        let short = try await service.prepare(SynthesisRequest(mode: .sft(speakerID: "英文男"), text: "Short.", stream: false))
        let shortTask = consume(short)
        #expect(await eventually { service.scheduler.queuedCount == 1 })

        engine.finish(100)
        _ = try await (longTask.value, shortTask.value)
        // The short request's only segment ran right after the long one's first, not after all of them.
        #expect(engine.started.firstIndex(of: "Short.") == 1, "order: \(engine.started)")
    }

    @Test func aNewRequestsFirstSegmentDoesNotWaitForAnotherRequestsLongSegment() async throws {
        let service = try makeService(engineSlots: 1, maxQueued: 4, firstSegmentReserve: 1)
        let sentence = String(repeating: "many words in a row ", count: 10) + "end."
        let long = consume(try await service.prepare(SynthesisRequest(mode: .sft(speakerID: "英文男"), text: Array(repeating: sentence, count: 4).joined(separator: " "))))
        #expect(await eventually { engine.started.count == 1 })
        engine.finish()  // the long request's first segment ends; its second one takes the slot
        #expect(await eventually { engine.started.count == 2 })

        let short = consume(try await service.prepare(SynthesisRequest(mode: .sft(speakerID: "英文男"), text: "Short.")))
        // The short request starts at once, on the reserved slot, while the long segment still runs.
        #expect(await eventually { engine.started.last == "Short." })
        #expect(service.scheduler.busySlots == 2)
        engine.finish(100)
        _ = try await (long.value, short.value)
        #expect(service.scheduler.busySlots == 0)
    }

    @Test func aRequestAloneInTheServerRunsItsFirstSegmentOnEveryCoreAndRequestsSideBySideOnTheirOwn() async throws {
        let service = try makeService(engineSlots: 2, maxQueued: 4, firstSegmentReserve: 1)
        let sentence = String(repeating: "many words in a row ", count: 10) + "end."
        let text = Array(repeating: sentence, count: 4).enumerated().map { "\($0.offset) \($0.element)" }.joined(separator: " ")
        let long = try await service.prepare(SynthesisRequest(mode: .sft(speakerID: "英文男"), text: text, stream: true))
        #expect(long.steps.count >= 3)
        let longTask = consume(long)
        #expect(await eventually { engine.started.count == 1 })
        engine.finish()
        #expect(await eventually { engine.started.count == 2 })

        // A second request arrives while the first one's second segment runs.
        let other = consume(try await service.prepare(SynthesisRequest(mode: .sft(speakerID: "英文男"), text: "Another one.")))
        #expect(await eventually { engine.started.contains("Another one.") })
        // The first request's second segment ends while the second request still runs.
        engine.finish()
        #expect(await eventually { engine.started.count == 4 })
        engine.finish(100)
        _ = try await (longTask.value, other.value)

        let steps = long.steps.map(\.segment.text)
        let cores = engine.coresBySegment
        #expect(cores[steps[0]] == .all, "alone: \(cores)")
        // Later segments run on the request's own threads, alone or not.
        #expect(cores[steps[1]] == .own && cores[steps[2]] == .own, "\(cores)")
        #expect(cores["Another one."] == .own)
    }

    @Test func aFullQueueRefusesAtOnceWithRetryAfter() async throws {
        let service = try makeService(engineSlots: 1, maxQueued: 1)
        let first = try await service.prepare(SynthesisRequest(mode: .sft(speakerID: "英文男"), text: "First."))
        let second = try await service.prepare(SynthesisRequest(mode: .sft(speakerID: "英文男"), text: "Second."))
        await #expect(throws: SynthesisError.overloaded(retryAfter: 1)) {
            _ = try await service.prepare(SynthesisRequest(mode: .sft(speakerID: "英文男"), text: "Third."))
        }
        withExtendedLifetime((first, second)) {}
    }

    @Test func aCancelledWaiterLeavesTheQueueAndFreesItsPlace() async throws {
        let service = try makeService(engineSlots: 1, maxQueued: 1)
        let running = consume(try await service.prepare(SynthesisRequest(mode: .sft(speakerID: "英文男"), text: "Running.")))
        #expect(await eventually { engine.started.count == 1 })
        let waiting = consume(try await service.prepare(SynthesisRequest(mode: .sft(speakerID: "英文男"), text: "Waiting.")))
        #expect(await eventually { service.scheduler.queuedCount == 1 })

        waiting.cancel()
        #expect(await eventually { service.scheduler.queuedCount == 0 && service.scheduler.admittedCount == 1 })
        engine.finish(10)
        _ = try await running.value
        #expect(await eventually { service.scheduler.admittedCount == 0 && service.scheduler.busySlots == 0 })
        #expect(!engine.started.contains("Waiting."))
    }

    @Test func anAbandonedStreamFreesItsEngineSlotForTheNextRequest() async throws {
        let service = try makeService(engineSlots: 1, maxQueued: 1)
        do {
            let stream = try await service.prepare(SynthesisRequest(mode: .sft(speakerID: "英文男"), text: "One a. Two b. Three c.", stream: true))
            var iterator = stream.makeAsyncIterator()
            engine.finish()
            _ = try await iterator.next()
            #expect(service.scheduler.busySlots == 1)
        }
        #expect(service.scheduler.busySlots == 0 && service.scheduler.admittedCount == 0)
        let next = consume(try await service.prepare(SynthesisRequest(mode: .sft(speakerID: "英文男"), text: "Next.")))
        engine.finish(10)
        #expect(try await next.value == 1)
    }
}
