import AudioIO
import CosyVoiceTesting
import Foundation
import Server
import Testing

/// `GET /openapi.json` describes the HTTP surface as the router holds it; `GET /docs` shows it from local files.
@Suite("/openapi.json describes every route; /docs shows it offline")
struct OpenAPIDocumentTests {
    /// The document's operations as `"GET /path"`, Hummingbird's route description.
    static func operations(_ document: [String: Any]) -> Set<String> {
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        return Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
    }

    static func operation(_ document: [String: Any], _ method: String, _ path: String) -> [String: Any] {
        ((document["paths"] as? [String: Any])?[path] as? [String: Any])?[method] as? [String: Any] ?? [:]
    }

    @Test("the document is OpenAPI 3.1 JSON carrying the server's version")
    func documentIsOpenAPI31() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.GET, "/openapi.json")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "application/json")
            let document = try #require(try JSONSerialization.jsonObject(with: reply.body) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            #expect((document["info"] as? [String: Any])?["version"] as? String == ServerVersion.current)
        }
    }

    @Test("every registered route (method and path) is documented, and every documented one is registered")
    func documentMatchesRouter() async throws {
        try await TestServer.run { server in
            let registered = Set(server.server.router().routes.map(\.description))
            let documented = Self.operations(try await server.send(.GET, "/openapi.json").json)
            #expect(documented.subtracting(registered).isEmpty, "documented, not registered: \(documented.subtracting(registered).sorted())")
            #expect(registered.subtracting(documented).isEmpty, "registered, not documented: \(registered.subtracting(documented).sorted())")
            for route in ["GET /", "POST /tts", "GET /inference_sft", "POST /inference_instruct2", "POST /v1/audio/speech",
                          "GET /health", "GET /metrics", "GET /openapi.json", "GET /docs", "GET /docs/{asset}"] {
                #expect(documented.contains(route), "\(route)")
            }
        }
    }

    @Test("each operation lists its failures: 500 everywhere, 401 behind the key, 429 with Retry-After on synthesis")
    func failuresAreDocumented() async throws {
        try await TestServer.run { server in
            let document = try await server.send(.GET, "/openapi.json").json
            let tts = Self.operation(document, "post", "/tts")["responses"] as? [String: Any] ?? [:]
            #expect(Set(tts.keys) == ["200", "400", "401", "408", "413", "422", "429", "500", "503"])
            let health = Self.operation(document, "get", "/health")["responses"] as? [String: Any] ?? [:]
            #expect(Set(health.keys) == ["200", "500"])
            let speech = Self.operation(document, "post", "/v1/audio/speech")["responses"] as? [String: Any] ?? [:]
            #expect((speech["404"] as? [String: Any])?["$ref"] as? String == "#/components/responses/OpenAIError404")
            #expect(speech["422"] == nil, "OpenAI's clients get 400 for what FastAPI answers 422")
            let responses = (document["components"] as? [String: Any])?["responses"] as? [String: Any] ?? [:]
            let tooMany = (responses["Error429"] as? [String: Any])?["headers"] as? [String: Any]
            #expect(tooMany?["Retry-After"] != nil)
        }
    }

    @Test("audio media types and format names come from AudioFormat")
    func formatsFollowTheCode() async throws {
        try await TestServer.run { server in
            let document = try await server.send(.GET, "/openapi.json").json
            let tts = Self.operation(document, "post", "/tts")
            let content = ((tts["responses"] as? [String: Any])?["200"] as? [String: Any])?["content"] as? [String: Any] ?? [:]
            for format in AudioFormat.allCases where format != .pcm {
                let bare = String(format.mediaType.split(separator: ";")[0])
                #expect(content[bare] != nil, "\(bare)")
            }
            #expect(content["audio/L16"] != nil)
            let body = ((tts["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any]
            let format = ((body?["schema"] as? [String: Any])?["properties"] as? [String: Any])?["format"] as? [String: Any]
            #expect(format?["enum"] as? [String] == AudioFormat.allCases.map(\.rawValue))
        }
    }

    @Test("/docs is an HTML page that references only local files, and each is served with its type")
    func docsPageIsLocal() async throws {
        try await TestServer.run { server in
            let page = try await server.send(.GET, "/docs")
            #expect(page.status == 200)
            #expect(page.header("Content-Type") == "text/html; charset=utf-8")
            let html = String(decoding: page.body, as: UTF8.self)
            #expect(!html.contains("://"), "no other host")
            let references = html.matches(of: /(?:src|href)="([^"]+)"/).map { String($0.1) }
            #expect(references.count >= 3)
            let types = ["css": "text/css", "js": "text/javascript", "png": "image/png"]
            for reference in references {
                let asset = try await server.send(.GET, "/" + reference)
                #expect(asset.status == 200, "\(reference)")
                #expect(asset.header("Content-Type") == types[String(reference.split(separator: ".").last ?? "")], "\(reference)")
                #expect(asset.body.count > 100, "\(reference)")
            }
            #expect(html.contains(#"url: "openapi.json""#))
        }
    }

    @Test("/docs without the Swagger UI files answers 503 saying to run scripts/setup")
    func docsWithoutFiles() async throws {
        let empty = RunningServer.temporaryDirectory()
        try await TestServer.run(configure: { $0.docsAssetsDirectory = empty }) { server in
            for path in ["/docs", "/docs/swagger-ui.css"] {
                let reply = try await server.send(.GET, path)
                #expect(reply.status == 503, "\(path)")
                #expect(reply.detail?.contains("scripts/setup") == true, "\(path)")
            }
            let document = try await server.send(.GET, "/openapi.json")
            #expect(document.status == 200)
        }
    }

    @Test("no file outside the page's own is served, however the path is written")
    func noPathTraversal() async throws {
        try await TestServer.run { server in
            for path in ["/docs/LICENSE", "/docs/.version", "/docs/..%2F..%2F..%2Fetc%2Fpasswd", "/docs/%2e%2e%2fvoices",
                         "/docs/swagger-ui.css%00.png", "/docs/swagger-ui.css/..", "/docs/..", "/docs/x/../../etc/passwd"] {
                let reply = try await server.send(.GET, path)
                #expect(reply.status == 404, "\(path)")
                #expect(!String(decoding: reply.body, as: UTF8.self).contains("root:"), "\(path)")
            }
        }
    }

    @Test("with API keys on, the document and its page need none; the routes they describe still do")
    func docsNeedNoKey() async throws {
        try await TestServer.run(configure: { $0.apiKeys = ["secret"] }) { server in
            for path in ["/openapi.json", "/docs", "/docs/swagger-ui-bundle.js"] {
                let reply = try await server.send(.GET, path)
                #expect(reply.status == 200, "\(path)")
            }
            let protected = try await server.send(.GET, "/available_spks")
            #expect(protected.status == 401)
        }
    }
}
