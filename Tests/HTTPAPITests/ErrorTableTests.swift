import CosyVoiceTesting
import Engines
import Foundation
import HTTPTypes
@testable import HTTPAPI
import Hummingbird
import Logging
import HummingbirdTesting
import NIOConcurrencyHelpers
import NIOCore
import Operations
import Server
import Synthesis
import Testing

/// Every way an HTTP request can fail, as the one table (`HTTPFailure`) answers it.
@Suite("HTTP: one error table, every status with its body shape")
struct ErrorTableTests {
    /// One of each case the table has.
    static let failures: [HTTPFailure] = [
        .synthesis(.invalidInput(field: "tts_text", message: "tts_text is empty")),
        .synthesis(.unknownSpeaker("nobody")),
        .synthesis(.notFound("no cloned speaker 'nobody'")),
        .synthesis(.unsupported("no installed voice speaks ko")),
        .synthesis(.limitExceeded("tts_text has more than 5000 characters; the limit is 5000")),
        .synthesis(.overloaded(retryAfter: 3)),
        .synthesis(.timedOut(seconds: 300)),
        .synthesis(.unavailable("the speaker store is unreachable; retry shortly")),
        .synthesis(.cancelled),
        .synthesis(.backendUnavailable("backend gpu is not available: grpc://gpu:8001 unreachable: unavailable")),
        .synthesis(.internalFailure("engine: sherpa-onnx returned no audio for /secret/path")),
        .validation(ValidationFailure([ValidationFailure.missing("tts_text")])),
        .malformedBody("There was an error parsing the body"),
        .bodyTimeout(seconds: 60),
        .bodyTooLarge(limit: 65536),
        .unauthorized,
        .draining,
        .routing(.notFound, message: nil, headers: [:]),
        .routing(.methodNotAllowed, message: nil, headers: [.allow: "POST"]),
        .internalError,
    ]

    /// What a client must see for `failure`: written out here, apart from the table, and exhaustive, so a new
    /// kind of failure does not compile until its answer is stated.
    static func expected(_ failure: HTTPFailure) -> (status: Int, isList: Bool, headers: [HTTPField.Name: String]) {
        switch failure {
        case .synthesis(let error):
            switch error {
            case .invalidInput, .unknownSpeaker, .unsupported, .limitExceeded: (400, false, [:])
            case .notFound: (404, false, [:])
            case .overloaded(let seconds): (429, false, [.retryAfter: String(seconds)])
            case .timedOut: (503, false, [:])
            case .unavailable: (503, false, [.retryAfter: "1"])
            case .backendUnavailable: (503, false, [:])
            case .cancelled: (499, false, [:])
            case .internalFailure: (500, false, [:])
            }
        case .validation: (422, true, [:])
        case .malformedBody: (400, false, [:])
        case .bodyTimeout: (408, false, [.connection: "close"])
        case .bodyTooLarge: (413, false, [:])
        case .unauthorized: (401, false, [.wwwAuthenticate: "Bearer"])
        case .draining: (503, false, [.connection: "close", .retryAfter: "1"])
        case .routing(let status, _, _): (status.code, false, [:])
        case .internalError: (500, false, [:])
        }
    }

    @Test("each failure answers with its status, its headers and a JSON detail of the right shape", arguments: failures)
    func eachFailureHasItsAnswer(_ failure: HTTPFailure) async throws {
        let expected = Self.expected(failure)
        let response = failure.response
        #expect(response.status.code == expected.status)
        #expect(response.headers[.contentType] == "application/json")
        for (name, value) in expected.headers { #expect(response.headers[name] == value, "\(name)") }
        let writer = CollectingWriter()
        try await response.body.write(writer)
        let json = try #require(try JSONSerialization.jsonObject(with: writer.data) as? [String: Any])
        #expect(json.keys.sorted() == ["detail"])
        if expected.isList {
            let items = try #require(json["detail"] as? [[String: Any]])
            #expect(items.allSatisfy { $0["loc"] is [String] && $0["msg"] is String && $0["type"] is String })
        } else {
            let detail = try #require(json["detail"] as? String)
            #expect(!detail.isEmpty)
            // Internals stay in the log.
            #expect(!detail.contains("/secret/path") && !detail.contains("sherpa"))
        }
    }

    /// The router the listener serves, driven in process (no socket), over espeak-ng.
    static func withRouter(configure: (inout ServerConfiguration) -> Void = { _ in }, serving: ServingState = ServingState(),
                           _ body: @Sendable @escaping (any TestClientProtocol) async throws -> Void) async throws {
        let engine = GatedEngine(espeak: try EspeakEngine())
        engine.open()
        var configuration = ServerConfiguration()
        configure(&configuration)
        let service = try RunningServer.service(engines: [engine], voices: engine.voices, limits: configuration.limits)
        let server = CosyVoiceServer(configuration: configuration, service: service, serving: serving, logger: Logger(label: "router-tests"))
        try await Application(router: server.router()).test(.router, body)
    }

    /// A request that provokes each status the server answers before any audio, through the whole middleware
    /// chain, with the body shape the table promises.
    @Test("requests that provoke each status get it through the whole chain")
    func provokedStatuses() async throws {
        @Sendable func check(_ response: TestResponse, _ status: Int, list: Bool = false) throws {
            #expect(response.status.code == status)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            if list { #expect(json["detail"] is [[String: Any]]) } else { #expect(json["detail"] is String) }
        }
        let json: HTTPFields = [.contentType: "application/json"]
        try await Self.withRouter(configure: { $0.limits.maxBodyBytes = 2048 }) { client in
            try check(try await client.execute(uri: "/tts/pcm", method: .post, headers: json,
                                               body: ByteBuffer(string: #"{"tts_text": " ", "spk_id": "英文男"}"#)), 400)
            try check(try await client.execute(uri: "/tts/pcm", method: .post, headers: json, body: ByteBuffer(string: #"{"spk_id": "英文男"}"#)),
                      422, list: true)
            try check(try await client.execute(uri: "/tts/pcm", method: .post, headers: json,
                                               body: ByteBuffer(string: #"{"tts_text": "\#(String(repeating: "a", count: 4096))"}"#)), 413)
            try check(try await client.execute(uri: "/nowhere", method: .get), 404)
            // A known path with a method it does not take is "not found" too.
            try check(try await client.execute(uri: "/tts/pcm", method: .get), 404)
            try check(try await client.execute(uri: "/tts/pcm", method: .post, headers: [.contentType: "multipart/form-data"],
                                               body: ByteBuffer(string: "x")), 400)
        }
        try await Self.withRouter(configure: { $0.apiKeys = ["k-123"] }) { client in
            let response = try await client.execute(uri: "/tts/pcm", method: .post, headers: json,
                                                    body: ByteBuffer(string: #"{"tts_text": "Hi.", "spk_id": "英文男"}"#))
            try check(response, 401)
            #expect(response.headers[.wwwAuthenticate] == "Bearer")
        }
        let serving = ServingState()
        serving.beginDraining()
        try await Self.withRouter(serving: serving) { client in
            let response = try await client.execute(uri: "/tts/pcm", method: .post, headers: json,
                                                    body: ByteBuffer(string: #"{"tts_text": "Hi.", "spk_id": "英文男"}"#))
            try check(response, 503)
            #expect(response.headers[.connection] == "close")
        }
    }
}

extension HTTPFailure: CustomTestStringConvertible {
    public var testDescription: String { "\(answer.status.code) \(self)" }
}

/// Collects a response body written in process.
struct CollectingWriter: ResponseBodyWriter {
    private let collected = NIOLockedValueBox(ByteBuffer())

    func write(_ buffer: ByteBuffer) async throws { collected.withLockedValue { $0.writeImmutableBuffer(buffer) } }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}

    var data: Data { collected.withLockedValue { Data(buffer: $0) } }
}
