import ArgumentParser
import Foundation
import Logging
import Metrics
import Server

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the CosyVoice HTTP and gRPC APIs.")

    @Option(help: "Address to bind (env COSYVOICE_HOST). [default: 0.0.0.0]")
    var host: String?

    @Option(help: "HTTP port (env COSYVOICE_PORT). [default: 50000]")
    var port: Int?

    @Option(help: "gRPC port (env COSYVOICE_GRPC_PORT). [default: 50001]")
    var grpcPort: Int?

    @Option(help: "Allowed CORS origin; repeatable, * for all (env COSYVOICE_CORS_ORIGINS, comma-separated). [default: *]")
    var corsOrigins: [String] = []

    @Option(name: .customLong("max-conc"), help: "Concurrent gRPC calls; more get RESOURCE_EXHAUSTED (env COSYVOICE_MAX_CONC). [default: 4]")
    var maxConcurrentCalls: Int?

    @Option(help: "Concurrent synthesis jobs (env COSYVOICE_MAX_JOBS). [default: cores ÷ engine threads]")
    var maxJobs: Int?

    @Option(help: "Requests that may wait for a job before 429 (env COSYVOICE_MAX_QUEUE). [default: 16]")
    var maxQueue: Int?

    @Option(help: "Log file (env COSYVOICE_LOG_FILE). [default: <data-dir>/logs/server.log]")
    var logFile: String?

    @Option(name: .customLong("api-key"), help: "Accepted API key; repeatable. With any set, requests need 'Authorization: Bearer <key>' (or X-API-Key; gRPC: authorization metadata) (env COSYVOICE_API_KEYS, comma-separated). [default: none, authentication off]")
    var apiKeys: [String] = []

    @Option(help: "Seconds in-flight streams get to finish after SIGTERM/SIGINT (env COSYVOICE_SHUTDOWN_GRACE). [default: 30]")
    var shutdownGrace: Double?

    @OptionGroup var voiceOptions: VoiceOptions

    @OptionGroup(title: "Limits") var limitOptions: LimitOptions

    @OptionGroup(title: "Connections") var connectionOptions: ConnectionOptions

    func run() async throws {
        var configuration = ServerConfiguration()
        try voiceOptions.apply(to: &configuration)
        configuration.host = try Environment.resolve(host, "HOST", default: configuration.host)
        configuration.port = try Environment.resolve(port, "PORT", default: configuration.port)
        configuration.grpcPort = try Environment.resolve(grpcPort, "GRPC_PORT", default: configuration.grpcPort)
        configuration.corsOrigins = Environment.resolveList(corsOrigins, "CORS_ORIGINS", default: configuration.corsOrigins)
        configuration.maxConcurrentCalls = try Environment.resolve(maxConcurrentCalls, "MAX_CONC", default: configuration.maxConcurrentCalls)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        configuration.maxActiveJobs = try Environment.resolve(maxJobs, "MAX_JOBS", default: max(1, cores / configuration.engineThreads))
        configuration.maxQueuedJobs = try Environment.resolve(maxQueue, "MAX_QUEUE", default: configuration.maxQueuedJobs)
        configuration.logFile = (logFile ?? Environment.value("LOG_FILE")).map { URL(fileURLWithPath: $0) }
        configuration.apiKeys = Environment.resolveList(apiKeys, "API_KEYS", default: [])
        configuration.shutdownGracePeriod = try Environment.resolve(shutdownGrace, "SHUTDOWN_GRACE", default: configuration.shutdownGracePeriod)
        try limitOptions.apply(to: &configuration.limits)
        try connectionOptions.apply(to: &configuration)
        guard configuration.shutdownGracePeriod >= 0, configuration.shutdownGracePeriod.isFinite else {
            throw ValidationError("--shutdown-grace must be 0 or more seconds")
        }
        for (name, value) in [("--port", configuration.port), ("--grpc-port", configuration.grpcPort)] where !(0...65535).contains(value) {
            throw ValidationError("\(name) must be between 0 and 65535")
        }
        guard configuration.maxConcurrentCalls >= 1, configuration.maxActiveJobs >= 1, configuration.maxQueuedJobs >= 0 else {
            throw ValidationError("--max-conc and --max-jobs must be at least 1, --max-queue at least 0")
        }

        let sink = try FileLogSink(url: configuration.resolvedLogFile)
        LoggingSystem.bootstrap { label in
            MultiplexLogHandler([EscapingLogHandler(StreamLogHandler.standardError(label: label)), FileLogHandler(label: label, sink: sink)])
        }
        // Once per process, here and never in tests: they give each server its own registry.
        let metrics = PrometheusMetrics()
        MetricsSystem.bootstrap(metrics.factory)
        let logger = Logger(label: "cosyvoice")
        logger.info("starting", metadata: ["version": "\(ServerVersion.current)", "data-dir": "\(configuration.dataDirectory.path)",
                                           "auth": "\(configuration.apiKeys.isEmpty ? "off" : "\(configuration.apiKeys.count) key(s)")"])
        let server = try await CosyVoiceServer.prepare(configuration, logger: logger, metrics: metrics)
        try await server.run()
        logger.info("stopped")
    }
}
