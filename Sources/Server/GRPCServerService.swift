import GRPCAPI
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import ServiceLifecycle
import Synthesis

/// The gRPC listener as a swift-service-lifecycle `Service`: plaintext HTTP/2 on `host:port`, serving
/// `cosyvoice.CosyVoice` with at most `maxConcurrentCalls` calls in flight. On graceful shutdown the server
/// stops accepting calls and lets in-flight streams finish.
public final class GRPCServerService: Service {
    public let server: GRPCServer<HTTP2ServerTransport.Posix>
    private let logger: Logger
    private let host: String

    /// - Parameters:
    ///   - host: address to bind, IPv4 or IPv6 literal (e.g. "0.0.0.0", "::1").
    ///   - port: TCP port; 0 binds any free port (see ``boundPort()``).
    ///   - maxConcurrentCalls: calls in flight beyond which a new call gets RESOURCE_EXHAUSTED (`--max-conc`).
    public init(service: SynthesisService, host: String, port: Int, maxConcurrentCalls: Int, logger: Logger) {
        let address: SocketAddress = host.contains(":") ? .ipv6(host: host, port: port) : .ipv4(host: host, port: port)
        server = GRPCServer(
            transport: .http2NIOPosix(address: address, transportSecurity: .plaintext),
            services: [CosyVoiceService(synthesis: service, logger: logger)],
            interceptors: [ConcurrentCallLimit(maximum: maxConcurrentCalls)]
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
