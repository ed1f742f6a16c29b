import AudioIO
import Foundation
import Synthesis

/// The OpenAPI 3.1 description of the HTTP surface, served at `GET /openapi.json`.
///
/// The operations are described here once (``operations``); the document served lists those the router has
/// registered, so it follows the routes, and a test holds the two sets equal. Schemas take their limits,
/// formats and speaker ids from the code that enforces them (``Limits``, ``AudioFormat``, the voice catalog).
struct OpenAPIDocument: Sendable {
    static let path = "/openapi.json"

    /// The server's version (`info.version`).
    var version: String
    var limits: Limits
    /// Largest request body in bytes.
    var maxBodyBytes: Int
    /// Built-in speaker ids, given as examples of `spk_id`.
    var builtInSpeakers: [String]
    /// OpenAI voice names (the `voice` examples).
    var openAIVoices: [String]
    /// Whether `/metrics` needs a key when keys are configured.
    var protectMetrics: Bool

    /// The document as served: OpenAPI 3.1 with the operations whose method and path are in `registered`
    /// (`"GET /tts"`, Hummingbird's route description); nil keeps them all.
    func json(registered: Set<String>?) -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for operation in operations where registered?.contains("\(operation.method) \(operation.path)") ?? true {
            paths[operation.path, default: [:]][operation.method.rawValue.lowercased()] = operation.json
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "CosyVoice-compatible speech synthesis",
                "version": .string(version),
                "description": """
                    The CosyVoice general JSON API, its basic form API and OpenAI's speech API, on one server. \
                    API keys are optional: when the server is started with keys, send one as `Authorization: Bearer <key>` \
                    or `X-API-Key: <key>`; `/health` and `/ready`, this document and its page never need one.
                    """,
                "license": ["name": "See the project's LICENSE file"],
            ],
            "tags": [
                ["name": "General API", "description": "The CosyVoice general JSON API."],
                ["name": "Form API", "description": "The CosyVoice basic form API: raw 16-bit PCM back."],
                ["name": "Speakers", "description": "Built-in and cloned speakers."],
                ["name": "OpenAI", "description": "OpenAI's speech API; errors take OpenAI's shape."],
                ["name": "Operations", "description": "Health checks, readiness and metrics."],
                ["name": "Documentation", "description": "This document, its interactive page and the web page."],
            ],
            "paths": .object(paths.mapValues(JSONValue.object)),
            "components": components,
        ]
    }

    /// The document's bytes, keys sorted.
    func data(registered: Set<String>?) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(json(registered: registered))) ?? Data()
    }
}
