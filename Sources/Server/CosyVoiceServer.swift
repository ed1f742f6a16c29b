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
    public let serving: ServingState
    /// Where streamed HTTP responses learn that their client went away.
    public let connectionWatch = ConnectionWatch()
    let logger: Logger

    /// A server over a service built elsewhere (the test harness builds services over test engines); `serve`
    /// uses ``prepare(_:logger:metrics:)``.
    public init(configuration: ServerConfiguration, service: SynthesisService, metrics: PrometheusMetrics = PrometheusMetrics(),
                serving: ServingState = ServingState(), logger: Logger) {
        self.configuration = configuration
        self.service = service
        self.metrics = metrics
        self.serving = serving
        self.logger = logger
        for backend in service.catalog.routing.backends.values { backend.metrics.attach(metrics.factory) }
    }

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
        let grpc = GRPCServerService(service: service, host: configuration.host, port: configuration.grpcPort,
                                     maxConcurrentCalls: configuration.maxConcurrentCalls, logger: logger,
                                     apiKeys: APIKeys(configuration.apiKeys), metrics: metrics.metrics, serving: serving,
                                     idleTimeout: configuration.idleTimeout, rawPCMRate: configuration.rawPCMRate)
        let logger = self.logger
        let http = Application(
            router: router(),
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
        groupConfiguration.maximumCancellationDuration = .milliseconds(Int64(configuration.cancellationLimit * 1000))
        do {
            try await ServiceGroup(configuration: groupConfiguration).run()
        } catch {
            await closeStore()
            // Past the grace period the group cancels what is left, and a listener cancelled in the middle of its
            // shutdown reports that; the shutdown itself went as asked.
            guard serving.isDraining else { throw error }
            logger.notice("stopped after the grace period", metadata: ["cancelled": "\(error)"])
            return
        }
        await closeStore()
    }

    /// The HTTP routes and middlewares as this server's listener serves them (tests drive them in process too).
    public func router() -> Router<CosyVoiceRequestContext> {
        var http = HTTPConfiguration(limits: service.limits, version: ServerVersion.current, corsOrigins: configuration.corsOrigins)
        http.apiKeys = APIKeys(configuration.apiKeys)
        http.protectMetrics = configuration.protectMetrics
        http.bodyTimeout = configuration.bodyTimeout
        http.rawPCMRate = configuration.rawPCMRate
        http.docsAssetsDirectory = configuration.docsAssetsDirectory
        // Loading the catalog has already refused a malformed voices file.
        http.openAIVoices = .overlaid((try? SpeakerAssignments.openAIVoices(from: configuration.resolvedVoicesConfigFile)) ?? [:])
        http.metrics = metrics.metrics
        http.metricsExposition = { [metrics] in metrics.exposition() }
        http.serving = serving
        http.connectionWatch = connectionWatch
        return makeRouter(service: service, configuration: http)
    }

    /// Closes the speaker store once the requests still using it (cut off past the grace period) let go.
    private func closeStore() async {
        do {
            try await service.store.close()
            logger.info("speaker store closed")
        } catch {
            logger.error("speaker store did not close cleanly", metadata: ["error": "\(error)"])
        }
    }
}
