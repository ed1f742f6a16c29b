import Foundation
import HTTPAPI
import Hummingbird
import Logging
import ServiceLifecycle
import Synthesis

/// The running server: the HTTP and gRPC listeners over one synthesis service, started and stopped together
/// by a service group (SIGTERM/SIGINT drain in-flight streams for the grace period, then exit).
public struct CosyVoiceServer: Sendable {
    public let configuration: ServerConfiguration
    public let service: SynthesisService
    let logger: Logger

    /// Loads voices and the speaker store and warms the engines; nothing listens yet.
    public static func prepare(_ configuration: ServerConfiguration, logger: Logger) async throws -> CosyVoiceServer {
        let service = try await ServiceLoader.load(configuration, logger: logger)
        await service.warmUp()
        return CosyVoiceServer(configuration: configuration, service: service, logger: logger)
    }

    /// Ports the listeners bound (useful with port 0).
    public struct BoundPorts: Sendable {
        public var http: Int
        public var grpc: Int
    }

    /// Serves until a termination signal (or cancellation of the calling task); `onReady` gets the bound
    /// ports once both listeners accept connections.
    public func run(onReady: @escaping @Sendable (BoundPorts) async -> Void = { _ in }) async throws {
        let grpc = GRPCServerService(service: service, host: configuration.host, port: configuration.grpcPort,
                                     maxConcurrentCalls: configuration.maxConcurrentCalls, logger: logger)
        let httpConfiguration = HTTPConfiguration(limits: service.limits, version: ServerVersion.current,
                                                  corsOrigins: configuration.corsOrigins)
        let logger = self.logger
        let http = Application(
            router: makeRouter(service: service, configuration: httpConfiguration),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "cosyvoice"),
            onServerRunning: { channel in
                let httpPort = channel.localAddress?.port ?? 0
                let grpcPort = (try? await grpc.boundPort()) ?? 0
                logger.info("listening", metadata: ["http": "\(httpPort)", "grpc": "\(grpcPort)"])
                await onReady(BoundPorts(http: httpPort, grpc: grpcPort))
            },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: grpc), .init(service: http)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            cancellationSignals: [],
            logger: logger
        ))
        try await group.run()
    }
}
