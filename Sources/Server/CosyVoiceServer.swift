import Foundation
import HTTPAPI
import Hummingbird
import HummingbirdCore
import Logging
import Operations
import ServiceLifecycle
import Synthesis

/// The running server: the HTTP and gRPC listeners over one synthesis service, started and stopped together
/// by a service group.
///
/// Shutdown (SIGTERM/SIGINT): the server turns not-ready and refuses new work, in-flight streams get the grace
/// period to finish, the listeners close, and the speaker store is closed; `run` then returns normally.
public struct CosyVoiceServer: Sendable {
    public let configuration: ServerConfiguration
    public let service: SynthesisService
    /// The registry `/metrics` shows and the metrics both surfaces record into.
    public let metrics: PrometheusMetrics
    /// Draining state shared by `/ready`, the gRPC health service and both surfaces' gates.
    public let serving = ServingState()
    let logger: Logger

    /// Loads voices and the speaker store and warms the engines; nothing listens yet.
    /// - Parameter metrics: the registry to record into; `serve` passes the one it bootstrapped `MetricsSystem`
    ///   with, tests a fresh one each.
    public static func prepare(_ configuration: ServerConfiguration, logger: Logger,
                               metrics: PrometheusMetrics = PrometheusMetrics()) async throws -> CosyVoiceServer {
        let service = try await ServiceLoader.load(configuration, logger: logger)
        await service.warmUp()
        return CosyVoiceServer(configuration: configuration, service: service, metrics: metrics, logger: logger)
    }

    /// Ports the listeners bound (useful with port 0).
    public struct BoundPorts: Sendable {
        public var http: Int
        public var grpc: Int
    }

    /// Serves until a termination signal (or cancellation of the calling task); `onReady` gets the bound
    /// ports once both listeners accept connections.
    public func run(onReady: @escaping @Sendable (BoundPorts) async -> Void = { _ in }) async throws {
        let apiKeys = APIKeys(configuration.apiKeys)
        let grpc = GRPCServerService(service: service, host: configuration.host, port: configuration.grpcPort,
                                     maxConcurrentCalls: configuration.maxConcurrentCalls, logger: logger,
                                     apiKeys: apiKeys, metrics: metrics.metrics, serving: serving,
                                     idleTimeout: configuration.idleTimeout, rawPCMRate: configuration.rawPCMRate)
        var httpConfiguration = HTTPConfiguration(limits: service.limits, version: ServerVersion.current,
                                                  corsOrigins: configuration.corsOrigins)
        httpConfiguration.apiKeys = apiKeys
        httpConfiguration.protectMetrics = configuration.protectMetrics
        httpConfiguration.bodyTimeout = configuration.bodyTimeout
        httpConfiguration.rawPCMRate = configuration.rawPCMRate
        httpConfiguration.metrics = metrics.metrics
        httpConfiguration.metricsExposition = { [metrics] in metrics.exposition() }
        httpConfiguration.serving = serving
        let logger = self.logger
        let http = Application(
            router: makeRouter(service: service, configuration: httpConfiguration),
            server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(configuration.idleTimeout * 1000)))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "cosyvoice",
                                 availableConnectionsDelegate: MaximumAvailableConnections(configuration.maxConnections)),
            onServerRunning: { channel in
                let httpPort = channel.localAddress?.port ?? 0
                let grpcPort = (try? await grpc.boundPort()) ?? 0
                logger.info("listening", metadata: ["http": "\(httpPort)", "grpc": "\(grpcPort)"])
                await onReady(BoundPorts(http: httpPort, grpc: grpcPort))
            },
            logger: logger
        )
        let drain = DrainService(serving: serving, scheduler: service.scheduler,
                                 gracePeriod: configuration.shutdownGracePeriod, logger: logger)
        var groupConfiguration = ServiceGroupConfiguration(
            // Stopped in reverse order: draining first, then the listeners.
            services: [.init(service: grpc), .init(service: http), .init(service: drain)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            cancellationSignals: [],
            logger: logger
        )
        // Past the grace period (plus a moment for the listeners to close) what is left is cancelled.
        groupConfiguration.maximumGracefulShutdownDuration = .milliseconds(Int64(configuration.shutdownGracePeriod * 1000) + 2000)
        groupConfiguration.maximumCancellationDuration = .seconds(5)
        defer { closeStore() }
        try await ServiceGroup(configuration: groupConfiguration).run()
    }

    private func closeStore() {
        do {
            try service.store.close()
            logger.info("speaker store closed")
        } catch {
            logger.error("speaker store did not close cleanly", metadata: ["error": "\(error)"])
        }
    }
}
