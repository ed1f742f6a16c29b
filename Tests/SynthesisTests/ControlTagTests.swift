import AudioIO
@testable import Synthesis
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
        let service = try makeEspeakService(maxActive: 1, maxQueued: 0)
        let text = String(repeating: "This sentence is long enough to take a while to speak. ", count: 30)
        do {
            let stream = try await service.prepare(SynthesisRequest(mode: .sft(speakerID: "英文男"), text: text, stream: true))
            var iterator = stream.makeAsyncIterator()
            _ = try await iterator.next()
            #expect(service.scheduler.activeCount == 1)
        }
        // Iterator and stream dropped: the slot is free for the next request at once.
        #expect(service.scheduler.activeCount == 0)
        let (audio, _) = try await synthesizeAll(service, SynthesisRequest(mode: .sft(speakerID: "英文男"), text: "Next."))
        #expect(audio.duration > 0.2)
    }

    @Test func aFullServerRefusesWithRetryAfter() async throws {
        let service = try makeEspeakService(maxActive: 1, maxQueued: 0)
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
        #expect(stream.segmentCount >= 2)
        #expect(stream.steps[0].segment.text.split(separator: " ").count < 10)
        #expect(!stream.steps[0].segment.endsSentence)
    }
}
