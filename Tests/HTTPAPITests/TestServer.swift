import AsyncHTTPClient
import AudioIO
import Foundation
import HTTPAPI
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import Server
import Synthesis
import Testing

/// The real server on an ephemeral port, with a fresh (or given) data directory, driven over real sockets.
struct TestServer {
    let port: Int
    let service: SynthesisService

    /// Starts the server, runs `body`, stops the server. `configure` adjusts the server configuration (data
    /// directory, scheduler sizes); `http` the HTTP one (body limit, CORS).
    /// The server records metrics into a registry of its own (never the process-wide `MetricsSystem`), shown
    /// at `/metrics`.
    static func run(dataDirectory: URL? = nil,
                    configure: (inout ServerConfiguration) -> Void = { _ in },
                    http: (inout HTTPConfiguration) -> Void = { _ in },
                    _ body: @Sendable (TestServer) async throws -> Void) async throws {
        var configuration = ServerConfiguration()
        configuration.dataDirectory = dataDirectory ?? temporaryDirectory()
        configure(&configuration)
        let logger = Logger(label: "test")
        let service = try await ServiceLoader.load(configuration, logger: logger)
        var httpConfiguration = HTTPConfiguration(limits: service.limits, version: "9.9.9-test")
        let metrics = PrometheusMetrics()
        httpConfiguration.metrics = metrics.metrics
        httpConfiguration.metricsExposition = { metrics.exposition() }
        http(&httpConfiguration)
        let app = Application(router: makeRouter(service: service, configuration: httpConfiguration),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        try await app.test(.live) { client in
            try await body(TestServer(port: client.port!, service: service))
        }
    }

    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("httpapi-tests-\(UUID().uuidString)")
    }

    /// Sends a request and collects the whole reply.
    func send(_ method: HTTPMethod, _ path: String, _ body: Body? = nil, headers: [(String, String)] = []) async throws -> Reply {
        let response = try await HTTPClient.shared.execute(request(method, path, body, headers: headers), timeout: .seconds(300))
        let bytes = try await response.body.collect(upTo: 256 * 1024 * 1024)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(bytes.readableBytesView))
    }

    /// Sends a request and returns the response with its body still streaming.
    func open(_ method: HTTPMethod, _ path: String, _ body: Body? = nil) async throws -> HTTPClientResponse {
        try await HTTPClient.shared.execute(request(method, path, body), timeout: .seconds(300))
    }

    private func request(_ method: HTTPMethod, _ path: String, _ body: Body?, headers: [(String, String)] = []) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: body.contentType)
            request.body = .bytes(ByteBuffer(bytes: body.data))
        }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        return request
    }

    /// Polls `condition` every 20 ms for at most `seconds`.
    func eventually(within seconds: Double = 10, _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}

/// A request body and its content type.
struct Body: Sendable {
    var contentType: String
    var data: Data

    static func json(_ object: [String: Any]) -> Body {
        Body(contentType: "application/json", data: try! JSONSerialization.data(withJSONObject: object))
    }

    static func raw(_ text: String, contentType: String = "application/json") -> Body {
        Body(contentType: contentType, data: Data(text.utf8))
    }

    static func form(_ fields: [String: String]) -> Body {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let text = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        return Body(contentType: "application/x-www-form-urlencoded", data: Data(text.utf8))
    }

    /// `multipart/form-data` with text fields and files (name → (filename, bytes)).
    static func multipart(_ fields: [String: String], files: [String: (filename: String, data: Data)] = [:]) -> Body {
        let boundary = "cosyvoice-test-\(UUID().uuidString)"
        var data = Data()
        for (name, value) in fields {
            data.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        for (name, file) in files {
            data.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(file.filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
            data.append(file.data)
            data.append(Data("\r\n".utf8))
        }
        data.append(Data("--\(boundary)--\r\n".utf8))
        return Body(contentType: "multipart/form-data; boundary=\(boundary)", data: data)
    }
}

/// A whole response.
struct Reply {
    var status: Int
    var headers: HTTPHeaders
    var body: Data

    func header(_ name: String) -> String? { headers.first(name: name) }

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }

    /// The 400-style `detail` text.
    var detail: String? { json["detail"] as? String }

    /// The 422-style `detail` list's first item.
    var firstValidationItem: [String: Any]? { (json["detail"] as? [[String: Any]])?.first }

    /// The reply is an error document, not audio: JSON with a `detail`.
    var isErrorDocument: Bool {
        header("Content-Type") == "application/json" && json["detail"] != nil
    }

    /// Seconds of int16 mono PCM at the reported `X-Sample-Rate`.
    var pcmSeconds: Double {
        guard let rate = header("X-Sample-Rate").flatMap(Int.init), rate > 0 else { return 0 }
        return Double(body.count / 2) / Double(rate)
    }
}

/// Audio the tests send.
enum TestAudio {
    /// The real 3.5 s Mandarin prompt of the shared fixtures (transcript ``promptText``).
    static let prompt: Data = {
        let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try! Data(contentsOf: root.appendingPathComponent("../shared/fixtures/zero_shot_prompt.wav").standardizedFileURL)
    }()
    static let promptText = "希望你以后能够做的比我还好呦。"

    /// A voiced-sounding tone as a WAV file: `seconds` long at `sampleRate` Hz.
    static func tone(seconds: Double, sampleRate: Int) -> Data {
        let count = Int(seconds * Double(sampleRate))
        let samples = (0..<count).map { i -> Float in
            let t = Double(i) / Double(sampleRate)
            return Float(0.3 * sin(2 * .pi * 180 * t) + 0.1 * sin(2 * .pi * 360 * t))
        }
        return WAVEncoder.wav(AudioChunk(samples: samples, sampleRate: sampleRate))
    }

    /// Text long enough that its audio cannot all sit in socket buffers (hundreds of seconds at 48 kHz).
    static let longText = String(repeating: "今天天气很好，我们一起去公园散步吧。", count: 60)
}

extension TestServer {
    /// The value of one series on `/metrics` (e.g. `cosyvoice_requests_total{surface="http",…}`); 0 when the
    /// series does not exist yet.
    func metric(_ series: String, headers: [(String, String)] = []) async throws -> Double {
        let text = String(decoding: try await send(.GET, "/metrics", headers: headers).body, as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1)) ?? .nan
        }
        return 0
    }
}
