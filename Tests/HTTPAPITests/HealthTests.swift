import CosyVoiceTesting
import Foundation
import Operations
import Testing

@Suite("/health and /ready; draining refuses new work")
struct HealthTests {
    @Test("/health answers while the process is up; /ready once voices and the store are there")
    func healthAndReady() async throws {
        try await TestServer.run { server in
            let health = try await server.send(.GET, "/health")
            #expect(health.status == 200)
            #expect(health.json["status"] as? String == "ok")
            let ready = try await server.send(.GET, "/ready")
            #expect(ready.status == 200)
            #expect(ready.json["ready"] as? Bool == true)
            #expect(ready.json["voices_loaded"] as? Bool == true)
            #expect(ready.json["store_open"] as? Bool == true)
        }
    }

    @Test("while draining /ready is 503 with ready false, and new synthesis gets 503; /health stays 200")
    func drainingIsNotReady() async throws {
        let serving = ServingState()
        try await TestServer.run(serving: serving) { server in
            serving.beginDraining()
            let ready = try await server.send(.GET, "/ready")
            #expect(ready.status == 503)
            #expect(ready.json["ready"] as? Bool == false)
            #expect(ready.json["draining"] as? Bool == true)
            let refused = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "Hello.", "spk_id": "英文女"]))
            #expect(refused.status == 503)
            #expect(refused.detail?.contains("shutting down") == true)
            #expect(try await server.send(.GET, "/health").status == 200)
        }
    }

    @Test("/ready is 503 once the speaker store is closed")
    func closedStoreIsNotReady() async throws {
        try await TestServer.run { server in
            try await server.service.store.close()
            let ready = try await server.send(.GET, "/ready")
            #expect(ready.status == 503)
            #expect(ready.json["store_open"] as? Bool == false)
        }
    }
}
