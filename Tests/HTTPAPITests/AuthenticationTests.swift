import CosyVoiceTesting
import Foundation
import Testing

@Suite("API keys: off by default; when set, every route but the probes needs one")
struct AuthenticationTests {
    static let keys = ["alpha-key-1", "beta-key-22"]
    static let sft = Body.json(["tts_text": "Hello.", "spk_id": "英文女"])

    @Test("without keys configured nothing needs one")
    func offByDefault() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.GET, "/available_spks")
            #expect(reply.status == 200)
        }
    }

    @Test("a missing or wrong key gets 401 with a detail, before any body is read")
    func refusesMissingAndWrongKeys() async throws {
        try await TestServer.run(configure: { $0.apiKeys = Self.keys; $0.limits.maxBodyBytes = 4096 }) { server in
            for headers in [[], [("Authorization", "Bearer nope")], [("X-API-Key", "alpha-key-")], [("Authorization", "alpha-key-1")]] {
                let reply = try await server.send(.POST, "/tts/pcm", Self.sft, headers: headers)
                #expect(reply.status == 401)
                #expect(reply.detail?.contains("API key") == true)
                #expect(reply.header("WWW-Authenticate") == "Bearer")
            }
            // A body over --max-body-bytes without a key is refused for the key: the body was never read
            // (reading it would have found it too large, 413).
            let oversized = Body.json(["tts_text": String(repeating: "a", count: 8192), "spk_id": "英文女"])
            let refused = try await server.send(.POST, "/tts/pcm", oversized)
            #expect(refused.status == 401)
            let keyed = try await server.send(.POST, "/tts/pcm", oversized, headers: [("X-API-Key", Self.keys[0])])
            #expect(keyed.status == 413)
        }
    }

    @Test("each configured key works, as a bearer token or as X-API-Key")
    func acceptsEveryKey() async throws {
        try await TestServer.run(configure: { $0.apiKeys = Self.keys }) { server in
            for key in Self.keys {
                let bearer = try await server.send(.POST, "/tts/pcm", Self.sft, headers: [("Authorization", "Bearer \(key)")])
                #expect(bearer.status == 200)
                #expect(bearer.pcmSeconds > 0.3)
                #expect(try await server.send(.GET, "/available_spks", headers: [("X-API-Key", key)]).status == 200)
            }
        }
    }

    @Test("health checks and CORS preflights stay open; metrics need a key unless --metrics-open")
    func probesStayOpen() async throws {
        try await TestServer.run(configure: { $0.apiKeys = Self.keys }) { server in
            #expect(try await server.send(.GET, "/health").status == 200)
            #expect(try await server.send(.GET, "/ready").status == 200)
            let preflight = try await server.send(.OPTIONS, "/tts", headers: [
                ("Origin", "https://example.com"), ("Access-Control-Request-Method", "POST"),
                ("Access-Control-Request-Headers", "authorization, content-type"),
            ])
            #expect((200..<300).contains(preflight.status))
            #expect(preflight.header("Access-Control-Allow-Origin") != nil)
            let closed = try await server.send(.GET, "/metrics")
            #expect(closed.status == 401)
            let withKey = try await server.send(.GET, "/metrics", headers: [("X-API-Key", Self.keys[1])])
            #expect(withKey.status == 200)
        }
        try await TestServer.run(configure: { $0.apiKeys = Self.keys; $0.protectMetrics = false }) { server in
            #expect(try await server.send(.GET, "/metrics").status == 200)
            let synthesis = try await server.send(.POST, "/tts", .json(["tts_text": "Hi.", "spk_id": "英文男"]))
            #expect(synthesis.status == 401)
        }
    }
}
