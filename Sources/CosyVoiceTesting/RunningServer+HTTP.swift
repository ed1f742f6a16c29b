import AsyncHTTPClient
import Foundation
import HTTPAPI
import NIOCore
import NIOHTTP1

/// A whole HTTP response.
public struct Reply: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Data

    public init(status: Int, headers: HTTPHeaders, body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? { headers.first(name: name) }

    public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }

    /// The 400-style `detail` text.
    public var detail: String? { json["detail"] as? String }

    /// The 422-style `detail` list's first item.
    public var firstValidationItem: [String: Any]? { (json["detail"] as? [[String: Any]])?.first }

    /// The reply is an error document, not audio: JSON with a `detail`.
    public var isErrorDocument: Bool {
        header("Content-Type") == "application/json" && json["detail"] != nil
    }

    /// The stated sample rate in Hz (`X-Sample-Rate`).
    public var sampleRate: Int? { header(CosyVoiceHeader.sampleRate).flatMap(Int.init) }

    /// Seconds of int16 mono PCM at the reported `X-Sample-Rate`.
    public var pcmSeconds: Double {
        guard let rate = sampleRate, rate > 0 else { return 0 }
        return Double(body.count / 2) / Double(rate)
    }
}

extension RunningServer {
    /// Sends a request over HTTP and collects the whole reply.
    public func send(_ method: HTTPMethod, _ path: String, _ body: RequestBody? = nil, headers: [(String, String)] = []) async throws -> Reply {
        let response = try await HTTPClient.shared.execute(request(method, path, body, headers: headers), timeout: .seconds(300))
        let bytes = try await response.body.collect(upTo: 256 * 1024 * 1024)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(bytes.readableBytesView))
    }

    /// Sends a request and returns the response with its body still streaming.
    public func open(_ method: HTTPMethod, _ path: String, _ body: RequestBody? = nil) async throws -> HTTPClientResponse {
        try await HTTPClient.shared.execute(request(method, path, body), timeout: .seconds(300))
    }

    /// `GET /metrics` as a scraper reads it.
    public func metrics(headers: [(String, String)] = []) async throws -> MetricsText {
        MetricsText(String(decoding: try await send(.GET, "/metrics", headers: headers).body, as: UTF8.self))
    }

    /// The value of one series on `/metrics`; nil when the series does not exist.
    public func metric(_ series: String, headers: [(String, String)] = []) async throws -> Double? {
        try await metrics(headers: headers).value(series)
    }

    /// The series' value once it equals `expected` (a request's metrics are recorded as its response ends,
    /// just after the client saw that end), or its last value after a few seconds.
    public func metric(_ series: String, reaching expected: Double) async throws -> Double? {
        var value: Double?
        for _ in 0..<100 where value != expected {
            value = try await metric(series)
            if value != expected { try await Task.sleep(for: .milliseconds(50)) }
        }
        return value
    }

    private func request(_ method: HTTPMethod, _ path: String, _ body: RequestBody?, headers: [(String, String)] = []) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: body.contentType)
            request.body = .bytes(ByteBuffer(bytes: body.data))
        }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        return request
    }
}
