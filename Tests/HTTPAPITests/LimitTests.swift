import AudioIO
import CosyVoiceTesting
import Foundation
import Testing

@Suite("Each configured limit answers with its own status and message, before any audio")
struct LimitTests {
    @Test("a body over --max-body-bytes gets 413")
    func bodySize() async throws {
        try await TestServer.run(configure: { $0.limits.maxBodyBytes = 4096 }) { server in
            let reply = try await server.send(.POST, "/tts/pcm", .json(["tts_text": String(repeating: "a", count: 5000), "spk_id": "英文女"]))
            #expect(reply.status == 413)
            #expect(reply.detail?.contains("4096") == true)
        }
    }

    @Test("text over --max-text-chars gets 400 naming the limit")
    func textLength() async throws {
        try await TestServer.run(configure: { $0.limits.maxTextCharacters = 20 }) { server in
            let reply = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "This sentence is longer than twenty.", "spk_id": "英文女"]))
            #expect(reply.status == 400)
            #expect(reply.detail?.contains("the limit is 20") == true)
            #expect(try await server.send(.POST, "/tts/pcm", .json(["tts_text": "Short.", "spk_id": "英文女"])).status == 200)
        }
    }

    @Test("prompt duration and sample rate rules are configurable and answer 400")
    func promptRules() async throws {
        try await TestServer.run(configure: { $0.limits.prompt.maximumDuration = 1; $0.limits.prompt.minimumSampleRate = 22050 }) { server in
            let long = try await server.send(.POST, "/clone", .multipart(["spk_id": "long", "prompt_text": "hi"],
                                                                          files: ["prompt_audio": ("a.wav", TestAudio.tone(seconds: 2, sampleRate: 24000))]))
            #expect(long.status == 400)
            #expect(long.detail?.contains("long") == true)
            let lowRate = try await server.send(.POST, "/clone", .multipart(["spk_id": "low", "prompt_text": "hi"],
                                                                            files: ["prompt_audio": ("a.wav", TestAudio.tone(seconds: 0.8, sampleRate: 16000))]))
            #expect(lowRate.status == 400)
            #expect(lowRate.detail?.contains("22050") == true)
        }
    }

    @Test("cloned speakers beyond --max-speakers get 400; replacing one is still allowed")
    func clonedSpeakers() async throws {
        try await TestServer.run(configure: { $0.limits.maxClonedSpeakers = 1 }) { server in
            func clone(_ id: String, prompt: Data = TestAudio.tone(seconds: 1, sampleRate: 16000)) async throws -> Reply {
                try await server.send(.POST, "/clone", .multipart(["spk_id": id, "prompt_text": "hi"], files: ["prompt_audio": ("a.wav", prompt)]))
            }
            #expect(try await clone("first").status == 200)
            let before = try #require(try await server.service.store.profile("first"))
            // A replacement with another recording: the store now holds that recording's analysis.
            #expect(try await clone("first", prompt: TestAudio.prompt).status == 200)
            let after = try #require(try await server.service.store.profile("first"))
            #expect(after.analysis != before.analysis)
            #expect(after.analysis == PromptAnalysis.analyse(try PromptRules().decodePrompt(TestAudio.prompt)))
            let second = try await clone("second")
            #expect(second.status == 400)
            #expect(second.detail?.contains("1 cloned speakers") == true)
        }
    }

    @Test("spk_id longer than --max-spk-id-length gets 400")
    func speakerIDLength() async throws {
        try await TestServer.run(configure: { $0.limits.maxSpeakerIDLength = 4 }) { server in
            let reply = try await server.send(.POST, "/clone", .multipart(["spk_id": "toolong", "prompt_text": "hi"],
                                                                           files: ["prompt_audio": ("a.wav", TestAudio.tone(seconds: 1, sampleRate: 16000))]))
            #expect(reply.status == 400)
            #expect(reply.detail?.contains("longer than 4") == true)
        }
    }

    @Test("a request past --request-timeout before its audio starts gets 503 and no audio")
    func requestTimeout() async throws {
        // A zero limit has passed by the time the route runs, so the refusal is certain, not a race with the
        // engine. (Expiry after the head ends the stream abnormally; the gRPC tests hold an engine to show it.)
        try await TestServer.run(configure: { $0.limits.requestTimeout = 0 }) { server in
            let reply = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "Hello.", "spk_id": "英文女"]))
            #expect(reply.status == 503)
            #expect(reply.isErrorDocument)
            #expect(reply.detail?.contains("time limit") == true)
            #expect(try await server.metric(#"cosyvoice_timed_out_total{surface="http"}"#) == 1)
        }
    }
}
