import AudioIO
import Engines
import Synchronization
import TextFrontend
@testable import Synthesis
import CosyVoiceTesting
import Testing

@Suite("Control tags are rendered or dropped, never spoken")
struct ControlTagTests {
    @Test func noTagLettersReachTheEngine() async throws {
        let service = try makeEspeakService()
        let text = "Hello [breath] there, this is <strong>really</strong> important [laughter] to me. <laughter>Ha</laughter> okay."
        let stream = try await service.prepare(SynthesisRequest(mode: .sft(speakerID: "英文女"), text: text))
        let engineInput = stream.steps.map(\.segment.text).joined(separator: " ")
        for tagWord in ["breath", "strong", "laughter", "[", "]", "<", ">"] {
            #expect(!engineInput.contains(tagWord), "engine input: \(engineInput)")
        }
        for word in ["Hello", "there", "really", "important", "to", "me", "Ha", "okay"] {
            #expect(engineInput.contains(word), "\(word) lost from: \(engineInput)")
        }
        #expect(stream.steps.contains { $0.segment.emphasis && $0.segment.text.contains("really") })
        #expect(stream.steps.contains { $0.segment.pauseBefore > 0 })
    }

    @Test func emphasisIsSlowerAndLouder() async throws {
        let service = try makeEspeakService()
        let stream = try await service.prepare(SynthesisRequest(mode: .sft(speakerID: "英文女"), text: "This is <strong>really</strong> good."))
        let plain = try #require(stream.steps.first { !$0.segment.emphasis })
        let strong = try #require(stream.steps.first { $0.segment.emphasis })
        #expect(strong.controls.rate < plain.controls.rate)
        #expect(strong.controls.volumeDB > plain.controls.volumeDB)
    }
}

@Suite("Streaming and cancellation")
struct StreamingTests {
    @Test func abandoningAStreamFreesItsSlotAndStopsTheEngine() async throws {
        let engine = ObservedEngine(try EspeakEngine())
        let service = try RunningServer.service(engines: [engine], voices: engine.voices, scheduler: Scheduler(engineSlots: 1, maxQueued: 0))
        let text = String(repeating: "This sentence is long enough to take a while to speak. ", count: 30)
        do {
            let stream = try await service.prepare(SynthesisRequest(mode: .sft(speakerID: "英文男"), text: text, stream: true))
            var iterator = stream.makeAsyncIterator()
            _ = try await iterator.next()
            #expect(service.scheduler.admittedCount == 1)
            #expect(engine.counts.started == 1)
        }
        // Iterator and stream dropped: the slot is free for the next request at once, and the engine's segment
        // was stopped, not left to run to its end.
        #expect(service.scheduler.admittedCount == 0)
        #expect(await eventually { engine.counts.stopped == 1 })
        #expect(engine.counts.finished == 0)
        let (audio, _) = try await synthesizeAll(service, SynthesisRequest(mode: .sft(speakerID: "英文男"), text: "Next."))
        #expect(audio.duration > 0.2)
    }

    @Test func aFullServerRefusesWithRetryAfter() async throws {
        let service = try makeEspeakService(engineSlots: 1, maxQueued: 0)
        let held = try await service.prepare(SynthesisRequest(mode: .sft(speakerID: "英文男"), text: "Hold the only slot."))
        await #expect(throws: SynthesisError.overloaded(retryAfter: 1)) {
            _ = try await service.prepare(SynthesisRequest(mode: .sft(speakerID: "英文男"), text: "Second."))
        }
        withExtendedLifetime(held) {}
    }

    @Test func aStreamedMultiSentenceTextArrivesInSeveralChunksStartingWithAShortSegment() async throws {
        let service = try makeEspeakService()
        let text = "The first sentence of this text is fairly long and has many words in it. The second one follows. And a third."
        let stream = try await service.prepare(SynthesisRequest(mode: .sft(speakerID: "英文女"), text: text, stream: true))
        #expect(stream.steps.count >= 2)
        #expect(stream.steps[0].segment.text.split(separator: " ").count < 10)
        #expect(!stream.steps[0].segment.endsSentence)
        // What a client receives: audio in several chunks, the first of them short.
        var durations: [Double] = []
        for try await chunk in stream { durations.append(chunk.duration) }
        #expect(durations.count >= stream.steps.count)
        let first = try #require(durations.first)
        #expect(first < 2 && first < durations.reduce(0, +) / 3, "first chunk \(first) s of \(durations.reduce(0, +)) s")
    }
}

/// espeak-ng paced to 20 ms per chunk (≈ 50 ms of audio), so a segment is still running when a test drops
/// its stream; it counts the segments it started, those stopped by their consumer before the end, and those
/// it finished.
final class ObservedEngine: SpeechEngine {
    let espeak: EspeakEngine
    var name: EngineName { espeak.name }
    var capabilities: EngineCapabilities { espeak.capabilities }
    private let state = Mutex((started: 0, stopped: 0, finished: 0))

    init(_ espeak: EspeakEngine) { self.espeak = espeak }

    var counts: (started: Int, stopped: Int, finished: Int) { state.withLock { $0 } }
    var voices: [Voice] { espeak.voices }

    func synthesize(_ segment: Segment, voice: Voice, controls: VoiceControls) -> AsyncThrowingStream<AudioChunk, any Error> {
        state.withLock { $0.started += 1 }
        let inner = espeak.synthesize(segment, voice: voice, controls: controls)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await chunk in inner {
                        continuation.yield(chunk)
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    self.state.withLock { $0.finished += 1 }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { [state = self] reason in
                if case .cancelled = reason { state.state.withLock { $0.stopped += 1 } }
                task.cancel()
            }
        }
    }
}
