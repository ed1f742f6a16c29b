import ArgumentParser
import Foundation
import HTTPAPI
import Logging
import Metrics
import Server

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the CosyVoice HTTP and gRPC APIs.")

    @Option(help: .flag("Address to bind", environment: "HOST", default: ServerConfiguration().host))
    var host: String?

    @Option(help: .flag("HTTP port", environment: "PORT", default: ServerConfiguration().port))
    var port: Int?

    @Option(help: .flag("gRPC port", environment: "GRPC_PORT", default: ServerConfiguration().grpcPort))
    var grpcPort: Int?

    @Option(help: .flag("Allowed CORS origin; repeatable, * for all; comma-separated in the environment", environment: "CORS_ORIGINS",
                        default: ServerConfiguration().corsOrigins.joined(separator: ",")))
    var corsOrigins: [String] = []

    @Option(name: .customLong("max-conc"), help: .flag("Concurrent gRPC calls; more get RESOURCE_EXHAUSTED", environment: "MAX_CONC",
                                                        default: ServerConfiguration().maxConcurrentCalls))
    var maxConcurrentCalls: Int?

    @Option(help: .flag("Concurrent synthesis jobs", environment: "MAX_JOBS",
                        defaultRule: "cores ÷ engine threads, here \(ServerConfiguration().resolvedMaxActiveJobs) at 1 thread"))
    var maxJobs: Int?

    @Option(help: .flag("Requests that may wait for a job before 429", environment: "MAX_QUEUE", default: ServerConfiguration().maxQueuedJobs))
    var maxQueue: Int?

    @Option(help: .flag("Log file", environment: "LOG_FILE", defaultRule: "<data-dir>/\(ServerConfiguration.defaultLogFile)"))
    var logFile: String?

    @Option(name: .customLong("api-key"), help: .flag("Accepted API key; repeatable, comma-separated in the environment. With any set, requests need 'Authorization: Bearer <key>' (or \(CosyVoiceHeader.apiKey); gRPC: authorization metadata)",
                                                       environment: "API_KEYS", defaultRule: "none, authentication off"))
    var apiKeys: [String] = []

    @Option(help: .flag("Seconds in-flight streams get to finish after SIGTERM/SIGINT", environment: "SHUTDOWN_GRACE",
                        default: ServerConfiguration().shutdownGracePeriod.formatted()))
    var shutdownGrace: Double?

    @OptionGroup var voiceOptions: VoiceOptions

    @OptionGroup(title: "Limits") var limitOptions: LimitOptions

    @OptionGroup(title: "Connections") var connectionOptions: ConnectionOptions

    @OptionGroup(title: "Speaker store") var storeOptions: StoreOptions

    func run() async throws {
        let configuration = try configuration()
        let sink = try FileLogSink(url: configuration.resolvedLogFile)
        LoggingSystem.bootstrap { label in
            MultiplexLogHandler([EscapingLogHandler(StreamLogHandler.standardError(label: label)), FileLogHandler(label: label, sink: sink)])
        }
        // Once per process, here and never in tests: they give each server its own registry.
        let metrics = PrometheusMetrics()
        MetricsSystem.bootstrap(metrics.factory)
        let logger = Logger(label: "cosyvoice")
        logger.info("starting", metadata: ["version": "\(ServerVersion.current)", "data-dir": "\(configuration.dataDirectory.path)",
                                           "store": "\(configuration.postgresStore?.redacted ?? configuration.speakerStorePath)",
                                           "auth": "\(configuration.apiKeys.isEmpty ? "off" : "\(configuration.apiKeys.count) key(s)")"])
        let server = try await CosyVoiceServer.prepare(configuration, logger: logger, metrics: metrics)
        try await server.run()
        logger.info("stopped")
    }

    /// The server configuration these flags and `COSYVOICE_*` variables give (flag > environment > default),
    /// checked.
    func configuration() throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        try voiceOptions.apply(to: &configuration)
        configuration.host = try Environment.resolve(host, "HOST", default: configuration.host)
        configuration.port = try Environment.resolve(port, "PORT", default: configuration.port)
        configuration.grpcPort = try Environment.resolve(grpcPort, "GRPC_PORT", default: configuration.grpcPort)
        configuration.corsOrigins = Environment.resolveList(corsOrigins, "CORS_ORIGINS", default: configuration.corsOrigins)
        configuration.maxConcurrentCalls = try Environment.resolve(maxConcurrentCalls, "MAX_CONC", default: configuration.maxConcurrentCalls)
        configuration.maxActiveJobs = try Environment.resolve(maxJobs, "MAX_JOBS", default: configuration.resolvedMaxActiveJobs)
        configuration.maxQueuedJobs = try Environment.resolve(maxQueue, "MAX_QUEUE", default: configuration.maxQueuedJobs)
        configuration.logFile = (logFile ?? Environment.value("LOG_FILE")).map { URL(fileURLWithPath: $0) }
        configuration.apiKeys = Environment.resolveList(apiKeys, "API_KEYS", default: [])
        configuration.shutdownGracePeriod = try Environment.resolve(shutdownGrace, "SHUTDOWN_GRACE", default: configuration.shutdownGracePeriod)
        try limitOptions.apply(to: &configuration.limits)
        try connectionOptions.apply(to: &configuration)
        try storeOptions.apply(to: &configuration)
        guard configuration.shutdownGracePeriod >= 0, configuration.shutdownGracePeriod.isFinite else {
            throw ValidationError("--shutdown-grace must be 0 or more seconds")
        }
        for (name, value) in [("--port", configuration.port), ("--grpc-port", configuration.grpcPort)] where !(0...65535).contains(value) {
            throw ValidationError("\(name) must be between 0 and 65535")
        }
        guard configuration.maxConcurrentCalls >= 1, configuration.resolvedMaxActiveJobs >= 1, configuration.maxQueuedJobs >= 0 else {
            throw ValidationError("--max-conc and --max-jobs must be at least 1, --max-queue at least 0")
        }
        return configuration
    }
}
