import AsyncHTTPClient
import CosyVoiceTesting
import Foundation
import NIOCore
import Testing

@Suite("Streaming", .serialized)
struct StreamingTests {
    private static let longRequest = Body.json(["tts_text": TestAudio.longText, "spk_id": "中文女", "stream": true, "sample_rate": 48000])

    /// The first bytes leave while later segments are still unsynthesised: after the first body part arrives
    /// the job still holds its scheduler slot, and more audio follows.
    @Test func firstBytesArriveBeforeTheLastSegmentIsSynthesised() async throws {
        try await TestServer.run { server in
            let response = try await server.open(.POST, "/tts/pcm", Self.longRequest)
            #expect(response.status == .ok)
            var body = response.body.makeAsyncIterator()
            let first = try await body.next()
            #expect((first?.readableBytes ?? 0) > 0)
            #expect(server.service.scheduler.admittedCount == 1)
            var more = 0
            while more < 1_000_000, let next = try await body.next() { more += next.readableBytes }
            #expect(more >= 1_000_000)
        }
    }

    /// A client that goes away mid-stream stops its synthesis: the slot is free again soon after.
    @Test func disconnectedClientCancelsItsSynthesis() async throws {
        try await TestServer.run { server in
            let (started, startedContinuation) = AsyncStream<Void>.makeStream()
            let client = Task {
                let response = try await server.open(.POST, "/inference_sft", .form(["tts_text": TestAudio.longText, "spk_id": "中文女", "sample_rate": "48000"]))
                var body = response.body.makeAsyncIterator()
                _ = try await body.next()
                startedContinuation.yield()
                try await Task.sleep(for: .seconds(600))
            }
            var iterator = started.makeAsyncIterator()
            await iterator.next()
            #expect(server.service.scheduler.admittedCount == 1)
            client.cancel()
            _ = await client.result
            #expect(try await server.eventually { server.service.scheduler.admittedCount == 0 })
            let next = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "你好。", "spk_id": "中文女"]))
            #expect(next.status == 200)
        }
    }
}
