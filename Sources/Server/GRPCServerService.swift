import GRPCAPI
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import Operations
import ServiceLifecycle
import Synthesis

/// The gRPC listener as a swift-service-lifecycle `Service`: plaintext HTTP/2 on `host:port`, serving
/// `cosyvoice.CosyVoice` with at most `maxConcurrentCalls` calls in flight, and `grpc.health.v1.Health`. Every
/// call is measured, then checked for an API key (when keys are configured), refused while draining, and
/// counted against the call limit, in that order. On graceful shutdown the server stops accepting calls and
/// lets in-flight streams finish.
public final class GRPCServerService: Service {
    public let server: GRPCServer<HTTP2ServerTransport.Posix>
    private let logger: Logger
    private let host: String

    /// - Parameters:
    ///   - host: address to bind, IPv4 or IPv6 literal (e.g. "0.0.0.0", "::1").
    ///   - port: TCP port; 0 binds any free port (see ``boundPort()``).
    ///   - maxConcurrentCalls: calls in flight beyond which a new call gets RESOURCE_EXHAUSTED (`--max-conc`).
    ///   - apiKeys: keys a call must present in `authorization` metadata; none = authentication off.
    ///   - metrics: where calls are counted; nil records nothing.
    ///   - serving: draining refuses new calls with UNAVAILABLE and turns the health check to NOT_SERVING.
    public init(service: SynthesisService, host: String, port: Int, maxConcurrentCalls: Int, logger: Logger,
                apiKeys: APIKeys = APIKeys(), metrics: ServerMetrics? = nil, serving: ServingState = ServingState()) {
        let address: SocketAddress = host.contains(":") ? .ipv6(host: host, port: port) : .ipv4(host: host, port: port)
        var interceptors: [any ServerInterceptor] = []
        if let metrics { interceptors.append(CallMetrics(metrics: metrics, scheduler: service.scheduler)) }
        interceptors += [APIKeyCheck(keys: apiKeys), DrainGate(serving: serving, metrics: metrics),
                         ConcurrentCallLimit(maximum: maxConcurrentCalls)]
        // A message may be as large as an HTTP body (prompt audio), and no larger.
        let config = HTTP2ServerTransport.Posix.Config.defaults { $0.rpc.maxRequestPayloadSize = service.limits.maxBodyBytes }
        server = GRPCServer(
            transport: .http2NIOPosix(address: address, transportSecurity: .plaintext, config: config),
            services: [CosyVoiceService(synthesis: service, logger: logger), HealthService(synthesis: service, serving: serving)],
            interceptors: interceptors
        )
        self.logger = logger
        self.host = host
    }

    public func run() async throws {
        let server = self.server
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await server.serve() }
                group.addTask {
                    // Only for the log line; a failed bind surfaces through serve().
                    if let port = try? await self.boundPort() {
                        self.logger.info("gRPC server listening", metadata: ["host": "\(self.host)", "port": "\(port)"])
                    }
                }
            }
        } onGracefulShutdown: {
            server.beginGracefulShutdown()
        }
    }

    /// The port the listener is bound to; waits until it is bound. Throws when the server failed to bind or
    /// has stopped.
    public func boundPort() async throws -> Int {
        let address = try await server.transport.listeningAddress
        if let port = address.ipv4?.port ?? address.ipv6?.port { return port }
        throw RPCError(code: .internalError, message: "the gRPC listener is not bound to an IP address: \(address)")
    }
}
