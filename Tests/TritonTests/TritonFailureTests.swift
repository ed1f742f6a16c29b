import AudioIO
import CosyVoiceTesting
import Foundation
import GRPCAPI
import GRPCCore
import Testing

@Suite("Triton backend failures", .tritonServer)
struct TritonFailureTests {
    private static func zeroShot(_ text: String) -> RequestBody {
        .json(["tts_text": text, "prompt_text": "prompt", "stream": true,
               "prompt_audio_base64": BackendServer.prompt(BackendServer.promptFrequency).base64EncodedString()])
    }

    /// A port nobody listens on: the backend is down.
    private static func deadURL() throws -> String { "grpc://127.0.0.1:\(try LoopbackSocket.freePort())" }

    @Test("a backend that is down makes /ready 503 and its requests 503 before any audio; local speakers still work")
    func downBackendFails() async throws {
        try await BackendServer.run(url: try Self.deadURL()) { server, _ in
            let ready = try await server.send(.GET, "/ready")
            #expect(ready.status == 503)
            let gpu = (ready.json["backends"] as? [String: Any])?["gpu"] as? [String: Any]
            #expect(gpu?["ready"] as? Bool == false)
            #expect((gpu?["reason"] as? String)?.isEmpty == false)

            let reply = try await server.send(.POST, "/tts/zero_shot", Self.zeroShot("Nobody home."))
            #expect(reply.status == 503)
            #expect(reply.detail?.contains("gpu") == true)
            var request = Cosyvoice_Request()
            request.sftRequest.spkID = "中文女"
            request.sftRequest.ttsText = "Nobody home."
            let call = try await server.withClient { await $0.failure(request) }
            #expect(call.code == .unavailable)
            #expect(call.messages == 0)

            let local = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "Still here.", "spk_id": "英文女"]))
            #expect(local.status == 200)
        }
    }

    @Test("with fallback: local, a backend that is down leaves /ready 200 and the local engines speak")
    func downBackendFallsBack() async throws {
        try await BackendServer.run(url: try Self.deadURL(), fallback: "local") { server, _ in
            let ready = try await server.send(.GET, "/ready")
            #expect(ready.status == 200)
            let gpu = (ready.json["backends"] as? [String: Any])?["gpu"] as? [String: Any]
            #expect(gpu?["ready"] as? Bool == false)
            let reply = try await server.send(.POST, "/tts/zero_shot", Self.zeroShot("Spoken locally instead."))
            #expect(reply.status == 200)
            expectSpeech(try AudioFormat.mp3.decode(reply.body, sampleRate: 0))
        }
    }

    @Test("a ready backend makes /ready report it ready")
    func readyBackendIsReported() async throws {
        try await BackendServer.run { server, _ in
            let ready = try await server.send(.GET, "/ready")
            #expect(ready.status == 200)
            let gpu = (ready.json["backends"] as? [String: Any])?["gpu"] as? [String: Any]
            #expect(gpu?["ready"] as? Bool == true)
            #expect(gpu?["model"] as? String == "cosyvoice2")
        }
    }

    @Test("an error response mid-stream ends the body abnormally and is counted")
    func errorMidStream() async throws {
        try await BackendServer.run { server, triton in
            let response = try await server.open(.POST, "/tts/zero_shot", Self.zeroShot("Broken MIDFAIL midfailmarker."))
            #expect(response.status == .ok)
            var received = 0
            let ending: Result<Void, any Error>
            do {
                for try await part in response.body { received += part.readableBytes }
                ending = .success(())
            } catch {
                ending = .failure(error)
            }
            #expect(received > 0, "the first response's audio arrived")
            guard case .failure = ending else {
                Issue.record("the body ended cleanly after \(received) bytes")
                return
            }
            #expect(try await server.metric(#"cosyvoice_backend_errors_total{backend="gpu",reason="error"}"#, reaching: 1) == 1)
            #expect(await triton.records(containing: "midfailmarker", count: 1).count == 1)
        }
    }

    @Test("a backend that hangs before any audio hits the timeout: 503, and the Triton request is cancelled")
    func hangBeforeAudio() async throws {
        try await BackendServer.run(timeout: "1s") { server, triton in
            let started = ContinuousClock.now
            let reply = try await server.send(.POST, "/tts/zero_shot", Self.zeroShot("Waiting HANG hangmarker."))
            #expect(reply.status == 503)
            // Bounded by the 1 s timeout, with room for a machine running the whole suite.
            #expect(started.duration(to: .now) < .seconds(60))
            #expect(try await server.metric(#"cosyvoice_backend_errors_total{backend="gpu",reason="timeout"}"#, reaching: 1) == 1)
            let records = await triton.records(containing: "hangmarker", count: 1)
            #expect(records.first?.cancelled == true)
        }
    }

    @Test("a backend that stalls mid-stream hits the timeout and the body ends abnormally")
    func stallMidStream() async throws {
        try await BackendServer.run(timeout: "10s") { server, triton in
            let response = try await server.open(.POST, "/tts/zero_shot", Self.zeroShot("Stalling STALL stallmarker."))
            #expect(response.status == .ok)
            var received = 0
            var broken = false
            do {
                for try await part in response.body { received += part.readableBytes }
            } catch {
                broken = true
            }
            #expect(received > 0)
            #expect(broken, "a stalled stream must end abnormally")
            let records = await triton.records(containing: "stallmarker", count: 1)
            #expect(records.first?.cancelled == true)
        }
    }

    @Test("a model the backend does not have is reported on /ready and its requests get 503")
    func missingModel() async throws {
        try await BackendServer.run(model: "cosyvoice3") { server, _ in
            let ready = try await server.send(.GET, "/ready")
            #expect(ready.status == 503)
            let gpu = (ready.json["backends"] as? [String: Any])?["gpu"] as? [String: Any]
            #expect(gpu?["ready"] as? Bool == false)
            #expect((gpu?["reason"] as? String)?.contains("cosyvoice3") == true)
            let reply = try await server.send(.POST, "/tts/zero_shot", Self.zeroShot("No such model."))
            #expect(reply.status == 503)
        }
    }

    @Test("the request's deadline applies to the backend: past it the stream ends and the Triton request is cancelled")
    func requestDeadline() async throws {
        // The backend's own timeout far away, so that only the request's deadline can end the stream; the
        // deadline long enough for the first audio to arrive on a machine running the whole suite.
        try await BackendServer.run(timeout: "600s", requestTimeout: 30) { server, triton in
            let response = try await server.open(.POST, "/tts/zero_shot", Self.zeroShot("Deadline STALL deadlinemarker."))
            #expect(response.status == .ok)
            var broken = false
            do {
                for try await _ in response.body {}
            } catch {
                broken = true
            }
            #expect(broken, "a stream cut off by its deadline must end abnormally")
            let records = await triton.records(containing: "deadlinemarker", count: 1)
            #expect(records.first?.cancelled == true)
        }
    }
}
