import Foundation

/// One inference backend named in `voices.yaml` (`backends: {gpu: {url: grpc://host:8001, model: cosyvoice2, …}}`):
/// a Triton Inference Server that serves a CosyVoice deployment over KServe v2 gRPC.
public struct TritonBackendConfiguration: Sendable, Equatable {
    /// What requests routed to a backend do while it is down.
    public enum Fallback: String, Sendable, Equatable, CaseIterable {
        /// Refuse them with 503 before any audio, and report the server not ready (`/ready` 503).
        case fail
        /// Speak them with the local engines (prompts voice-matched, as without a backend); `/ready` stays 200.
        case local
    }

    /// The backend's name in `voices.yaml`, as `/ready`, logs and metrics show it.
    public var name: String
    public var host: String
    public var port: Int
    /// The top-level model clients call: `cosyvoice2`, `cosyvoice2_dit` or `cosyvoice3`.
    public var model: String
    /// Longest wait for the backend's first response, and between two responses, in seconds.
    public var timeout: Double
    /// Segment requests this server keeps open on the backend at once; more are refused as overload (429).
    public var maxInFlight: Int
    public var fallback: Fallback

    public init(name: String, host: String, port: Int, model: String = "cosyvoice2", timeout: Double = 30, maxInFlight: Int = 16,
                fallback: Fallback = .fail) {
        self.name = name
        self.host = host
        self.port = port
        self.model = model
        self.timeout = timeout
        self.maxInFlight = maxInFlight
        self.fallback = fallback
    }

    /// The address as written in the configuration.
    public var url: String { "grpc://\(host.contains(":") ? "[\(host)]" : host):\(port)" }

    /// Host and port of a `grpc://host:port` address; nil for anything else (TLS is not supported).
    public static func address(of url: String) -> (host: String, port: Int)? {
        guard let components = URLComponents(string: url), components.scheme == "grpc", let host = components.host, !host.isEmpty,
              let port = components.port, (1...65535).contains(port), components.path.isEmpty || components.path == "/",
              components.query == nil, components.user == nil else { return nil }
        return (host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port)
    }
}
