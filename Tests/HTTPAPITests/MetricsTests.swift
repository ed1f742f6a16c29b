import CosyVoiceTesting
import Foundation
import Testing

@Suite("/metrics counts what happened, by the right amounts")
struct MetricsTests {
    static func requests(_ route: String, mode: String, status: Int) -> String {
        #"cosyvoice_requests_total{surface="http",route="\#(route)",mode="\#(mode)",status="\#(status)"}"#
    }

    @Test("a synthesis adds one request, its audio seconds, one time-to-first-byte and one RTF sample")
    func synthesis() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "Hello there, metrics.", "spk_id": "英文女"]))
            #expect(reply.status == 200)
            #expect(try await server.metric(Self.requests("/tts/pcm", mode: "sft", status: 200)) == 1)
            let audio = try #require(try await server.metric(#"cosyvoice_audio_seconds_total{surface="http"}"#))
            #expect(abs(audio - reply.pcmSeconds) < 0.01)
            #expect(try await server.metric(#"cosyvoice_time_to_first_byte_seconds_count{surface="http",route="/tts/pcm"}"#) == 1)
            #expect(try await server.metric(#"cosyvoice_request_duration_seconds_count{surface="http",route="/tts/pcm"}"#) == 1)
            #expect(try await server.metric(#"cosyvoice_real_time_factor_count{surface="http"}"#) == 1)
            #expect(try await server.metric("cosyvoice_active_jobs") == 0)
        }
    }

    @Test("refusals are counted by status; nothing else moves")
    func refusals() async throws {
        try await TestServer.run { server in
            _ = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "", "spk_id": "英文女"]))
            _ = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "Hi.", "spk_id": "nobody"]))
            _ = try await server.send(.POST, "/tts/pcm", .raw("{"))
            #expect(try await server.metric(Self.requests("/tts/pcm", mode: "sft", status: 400)) == 2)
            // The route names the mode before its body is read, so a malformed body is still counted under it.
            #expect(try await server.metric(Self.requests("/tts/pcm", mode: "sft", status: 422)) == 1)
            #expect(try await server.metric(#"cosyvoice_audio_seconds_total{surface="http"}"#) == 0)
            #expect(try await server.metric(#"cosyvoice_time_to_first_byte_seconds_count{surface="http",route="/tts/pcm"}"#) == nil,
                    "no first byte was ever recorded for the route")
            #expect(try await server.metric(#"cosyvoice_cancelled_total{surface="http"}"#) == 0)
            #expect(try await server.metric(#"cosyvoice_engine_errors_total{surface="http"}"#) == 0)
        }
    }

    @Test("a request refused for capacity counts as rejected (overloaded) with status 429")
    func overload() async throws {
        try await TestServer.run(configure: { $0.maxActiveJobs = 1; $0.maxQueuedJobs = 0 }) { server in
            let open = try await server.open(.POST, "/tts/pcm", .json(["tts_text": TestAudio.longText, "spk_id": "中文女", "sample_rate": 48000]))
            #expect(open.status == .ok)
            let refused = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "Hi.", "spk_id": "英文女"]))
            #expect(refused.status == 429)
            #expect(try await server.metric(#"cosyvoice_rejected_total{surface="http",reason="overloaded"}"#) == 1)
            #expect(try await server.metric(Self.requests("/tts/pcm", mode: "sft", status: 429)) == 1)
            #expect(try await server.metric("cosyvoice_active_jobs") == 1)
        }
    }

    @Test("a client that leaves mid-stream is counted as cancelled")
    func cancelled() async throws {
        try await TestServer.run { server in
            let client = Task {
                let response = try await server.open(.POST, "/tts/pcm", .json(["tts_text": TestAudio.longText, "spk_id": "中文女", "stream": true]))
                var body = response.body.makeAsyncIterator()
                _ = try await body.next()
                try await Task.sleep(for: .seconds(600))
            }
            #expect(try await server.eventually { server.service.scheduler.admittedCount == 1 })
            try await Task.sleep(for: .milliseconds(200))
            client.cancel()
            _ = await client.result
            #expect(try await server.eventually { server.service.scheduler.admittedCount == 0 })
            #expect(try await server.metric(#"cosyvoice_cancelled_total{surface="http"}"#, reaching: 1) == 1)
        }
    }
}
