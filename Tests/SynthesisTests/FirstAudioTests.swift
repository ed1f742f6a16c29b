import AudioIO
import CosyVoiceTesting
import Engines
import Foundation
import Synchronization
@testable import Synthesis
import Testing
import TextFrontend

/// An engine whose every segment behaves as the test says: fails before its first chunk, yields nothing, or
/// yields a chunk and then keeps working after its consumer has gone until the test lets it stop — as a
/// neural engine finishes the sentence it is on.
final class ScriptedEngine: SpeechEngine {
    enum Behaviour: Sendable { case fail, silent, lingering }

    let name: EngineName = "scripted"
    let capabilities = EngineCapabilities(nativeRate: true, nativePitchRange: -12...12, deterministic: true)
    let voice = Voice(engine: "scripted", name: "scripted-en", language: .english, gender: .male, sampleRate: 16000, typicalF0: 100)
    let behaviour: Behaviour
    private let state = Mutex<(started: Int, stopRequested: Int, stopGate: [CheckedContinuation<Void, Never>], open: Bool)>((0, 0, [], false))

    init(_ behaviour: Behaviour) { self.behaviour = behaviour }

    var started: Int { state.withLock { $0.started } }
    var stopRequested: Int { state.withLock { $0.stopRequested } }

    /// Lets every lingering segment (now and later) finish stopping.
    func letStop() {
        let waiting = state.withLock { state in
            state.open = true
            defer { state.stopGate = [] }
            return state.stopGate
        }
        waiting.forEach { $0.resume() }
    }

    func synthesize(_ segment: Segment, voice: Voice, controls: VoiceControls) -> AsyncThrowingStream<AudioChunk, any Error> {
        start(segment, voice: voice, controls: controls, reference: nil, cores: .own).chunks
    }

    func start(_ segment: Segment, voice: Voice, controls: VoiceControls, reference: ReferencePrompt?, cores: CoreShare) -> EngineWork {
        state.withLock { $0.started += 1 }
        let (stream, continuation) = AsyncThrowingStream<AudioChunk, any Error>.makeStream()
        switch behaviour {
        case .fail:
            continuation.finish(throwing: EngineError.synthesisFailed("the model returned no audio"))
            return EngineWork(stoppingPromptly: stream)
        case .silent:
            continuation.finish()
            return EngineWork(stoppingPromptly: stream)
        case .lingering:
            continuation.onTermination = { [self] _ in state.withLock { $0.stopRequested += 1 } }
            continuation.yield(AudioChunk(samples: [Float](repeating: 0.1, count: 1600), sampleRate: 16000))
            return EngineWork(chunks: stream, stopped: { [self] in
                await withCheckedContinuation { continuation in
                    let open = state.withLock { state in
                        if !state.open { state.stopGate.append(continuation) }
                        return state.open
                    }
                    if open { continuation.resume() }
                }
            })
        }
    }
}

@Suite("First audio: failures before it are errors, abandoned work keeps its slot until it stops")
struct FirstAudioTests {
    func makeService(_ engine: ScriptedEngine, engineSlots: Int = 1, maxQueued: Int = 4) throws -> SynthesisService {
        let catalog = VoiceCatalog(engines: [engine], voices: [engine.voice], assignments: ["英文男": engine.voice.id])
        let store = try SQLiteSpeakerStore(path: TestDirectory.fresh("first-audio").path + ".sqlite")
        return SynthesisService(catalog: catalog, store: store,
                                scheduler: Scheduler(engineSlots: engineSlots, maxQueued: maxQueued, firstSegmentReserve: 0))
    }

    let request = SynthesisRequest(mode: .sft(speakerID: "英文男"), text: "Hello there, this is a test.")

    @Test("an engine failing before its first chunk makes start throw an internal failure, and frees the request's place")
    func engineFailureBeforeAudioIsAnError() async throws {
        let service = try makeService(ScriptedEngine(.fail))
        await #expect {
            _ = try await service.start(request)
        } throws: { error in
            guard case .internalFailure = error as? SynthesisError else { return false }
            return true
        }
        #expect(service.scheduler.admittedCount == 0)
    }

    @Test("text the engine makes no sound of is refused as input, not answered with empty audio")
    func noAudioAtAllIsInvalidInput() async throws {
        let service = try makeService(ScriptedEngine(.silent))
        await #expect {
            _ = try await service.start(request)
        } throws: { error in
            guard case .invalidInput(let field, let message) = error as? SynthesisError else { return false }
            return field == "tts_text" && message.contains("no audio")
        }
        #expect(service.scheduler.admittedCount == 0)
    }

    @Test("the first chunk is ready when start returns and comes first out of the stream")
    func startPrimesTheFirstChunk() async throws {
        let engine = ScriptedEngine(.lingering)
        let service = try makeService(engine)
        let stream = try await service.start(request)
        #expect(engine.started == 1)
        var iterator = stream.makeAsyncIterator()
        let first = try await iterator.next()
        #expect(first?.samples.count == 1600)
        engine.letStop()
    }

    @Test("an abandoned request's slot stays taken until its engine has stopped, then the next request runs")
    func abandonedWorkHoldsItsSlotUntilTheEngineStops() async throws {
        let engine = ScriptedEngine(.lingering)
        let service = try makeService(engine, engineSlots: 1)
        var abandoned: SynthesisStream? = try await service.start(request)
        #expect(engine.started == 1)
        abandoned = nil
        _ = abandoned
        // The request has left the server and its engine was asked to stop, but it has not stopped yet.
        #expect(await eventually { service.scheduler.admittedCount == 0 && engine.stopRequested == 1 })
        let next = Task { try await service.start(request) }
        #expect(await eventually { service.scheduler.admittedCount == 1 })
        try await Task.sleep(for: .milliseconds(200))
        #expect(engine.started == 1, "the next request must wait for the abandoned engine work to stop")
        engine.letStop()
        let stream = try await next.value
        #expect(engine.started == 2)
        _ = stream
    }
}
