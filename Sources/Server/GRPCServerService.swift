import GRPCAPI
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import Operations
import ServiceLifecycle
import Synthesis

/// The gRPC listener as a swift-service-lifecycle `Service`: plaintext HTTP/2 on `host:port`, serving
/// `cosyvoice.CosyVoice` with at most `maxConcurrentCalls` calls in flight, and `grpc.health.v1.Health`. Every
/// call is logged and measured; calls other than health calls are then checked for an API key (when keys are configured),
/// refused while draining, and counted against the call limit, in that order. On graceful shutdown the server
/// stops accepting calls and lets in-flight streams finish.
public final class GRPCServerService: Service {
    public let server: GRPCServer<HTTP2ServerTransport.Posix>
    private let logger: Logger
    private let host: String

    /// The calls the API-key check, the drain gate and the call limit see: all but health probes, which need no
    /// key, are answered while draining (NOT_SERVING) and under full load, and whose long-lived `Watch` calls
    /// never take a call slot.
    static let guardedCalls = ConditionalInterceptor<any ServerInterceptor>.Subject.allExcluding(
        services: [Grpc_Health_V1_Health.descriptor], methods: [])

    /// - Parameters:
    ///   - host: address to bind, IPv4 or IPv6 literal (e.g. "0.0.0.0", "::1").
    ///   - port: TCP port; 0 binds any free port (see ``boundPort()``).
    ///   - maxConcurrentCalls: calls in flight beyond which a new call gets RESOURCE_EXHAUSTED (`--max-conc`).
    ///   - apiKeys: keys a call must present in `authorization` metadata; none = authentication off.
    ///   - metrics: where calls are counted; nil records nothing.
    ///   - serving: draining refuses new calls with UNAVAILABLE and turns the health check to NOT_SERVING.
    ///   - idleTimeout: seconds a connection with no call may stay open before it is closed (`--idle-timeout`).
    ///   - rawPCMRate: the rate of `tts_audio` when the call names none (`--raw-pcm-rate`).
    public init(service: SynthesisService, host: String, port: Int, maxConcurrentCalls: Int, logger: Logger,
                apiKeys: APIKeys = APIKeys(), metrics: ServerMetrics? = nil, serving: ServingState = ServingState(),
                idleTimeout: Double = ServerConfiguration().idleTimeout, rawPCMRate: RawPCMRate = .reference) {
        let address: SocketAddress = host.contains(":") ? .ipv6(host: host, port: port) : .ipv4(host: host, port: port)
        var interceptors: [ConditionalInterceptor<any ServerInterceptor>] = [
            .apply(CallLog(metrics: metrics, scheduler: service.scheduler, serving: serving, logger: logger), to: .all),
        ]
        let guarded: [any ServerInterceptor] = [APIKeyCheck(keys: apiKeys), DrainGate(serving: serving),
                                                ConcurrentCallLimit(maximum: maxConcurrentCalls)]
        interceptors += guarded.map { .apply($0, to: Self.guardedCalls) }
        // A message may be as large as an HTTP body (prompt audio), and no larger.
        let config = HTTP2ServerTransport.Posix.Config.defaults { config in
            config.rpc.maxRequestPayloadSize = service.limits.maxBodyBytes
            config.connection.maxIdleTime = .milliseconds(Int64(idleTimeout * 1000))
        }
        server = GRPCServer(
            transport: .http2NIOPosix(address: address, transportSecurity: .plaintext, config: config),
            services: [CosyVoiceService(synthesis: service, rawPCMRate: rawPCMRate), HealthService(synthesis: service, serving: serving)],
            interceptorPipeline: interceptors
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
