import Foundation
import HTTPAPI
import Synthesis
import TextFrontend

/// Everything `cosyvoice serve` can be told, with the defaults in one place. Flags and `COSYVOICE_*`
/// environment variables both end up here.
public struct ServerConfiguration: Sendable {
    /// Address the HTTP and gRPC listeners bind.
    public var host = "0.0.0.0"
    /// HTTP port (0 = any free port).
    public var port = 50000
    /// gRPC port (0 = any free port).
    public var grpcPort = 50001
    /// Holds the speaker store, caches and logs.
    public var dataDirectory = URL(fileURLWithPath: ServerConfiguration.defaultDataDirectory)
    /// ``dataDirectory``'s default path, relative to the working directory.
    public static let defaultDataDirectory = "data"
    /// Extra directories scanned for Piper voices, after the system voices directory.
    public var voicesDirectories: [URL] = []
    /// The directory the setup script installs voices into; always scanned.
    public var systemVoicesDirectory = URL(fileURLWithPath: "/usr/local/share/cosyvoice/voices")
    /// WeTextProcessing's text-normalisation grammars (`zh/tn/tagger.fst` …), installed by the setup script;
    /// without them the front end's own rules read numbers and symbols.
    public var grammarsDirectory = NormalizationGrammars.defaultDirectory
    /// Where `GET /docs` finds the Swagger UI files `scripts/setup` installs.
    public var docsAssetsDirectory = HTTPConfiguration.defaultDocsAssetsDirectory
    /// YAML file mapping speaker ids to voice ids; nil = `<data-dir>/voices.yaml` when it exists.
    public var voicesConfigFile: URL?
    /// Allowed CORS origins; `["*"]` allows all (the reference behaviour).
    public var corsOrigins = HTTPConfiguration.defaultCORSOrigins
    /// Engine threads per synthesis job.
    public var engineThreads = 1
    /// Engine threads of a request alone on the server (``CoreShare/all``): every core by default. Above
    /// ``engineThreads`` each Piper voice loads a second instance with this many threads; otherwise (0 = off)
    /// a lone request runs like any other.
    public var loneRequestThreads = ProcessInfo.processInfo.activeProcessorCount
    /// Concurrent synthesis jobs (engine slots); nil = ``defaultMaxActiveJobs(engineThreads:)``.
    public var maxActiveJobs: Int?
    /// The jobs that run at once: ``maxActiveJobs``, or by default as many as keep engine threads × jobs ≤ cores.
    public var resolvedMaxActiveJobs: Int { maxActiveJobs ?? Self.defaultMaxActiveJobs(engineThreads: engineThreads) }

    /// Cores ÷ engine threads, at least 1: every job's engine threads get a core of their own.
    public static func defaultMaxActiveJobs(engineThreads: Int) -> Int {
        max(1, ProcessInfo.processInfo.activeProcessorCount / max(1, engineThreads))
    }
    /// Requests that may wait for a job slot before the server answers 429.
    public var maxQueuedJobs = 16
    /// Concurrent gRPC calls (`--max-conc`, the reference server's default 4); more get RESOURCE_EXHAUSTED.
    public var maxConcurrentCalls = 4
    /// Log file; nil = `<data-dir>/logs/server.log`.
    public var logFile: URL?
    /// Seconds in-flight streams get to finish on SIGTERM/SIGINT before they are cut off (`--shutdown-grace`).
    public var shutdownGracePeriod: Double = 30
    /// Seconds the listeners get to stop once cut off; past them ServiceLifecycle ends the process rather than
    /// hang. Servers embedded in a test process, which must never be ended that way, allow more.
    public var cancellationLimit: Double = 5
    /// Request limits: body size, text length, prompt rules, cloned speakers, spk_id length, request timeout.
    public var limits = Limits()
    /// Accepted API keys (`--api-key`, `COSYVOICE_API_KEYS`); empty = authentication off.
    public var apiKeys: [String] = []
    /// Whether `/metrics` needs an API key when keys are configured; `--metrics-open` leaves it open.
    public var protectMetrics = true
    /// Seconds a connection may stay open with nothing to read or write before it is closed (`--idle-timeout`).
    public var idleTimeout: Double = 60
    /// Seconds a request body may take to arrive; slower ones get 408 (`--body-timeout`).
    public var bodyTimeout: Double = HTTPConfiguration.defaultBodyTimeout
    /// Open HTTP connections at most; beyond it the server stops accepting until one closes (`--max-connections`).
    public var maxConnections = 1024
    /// Rate of raw PCM on the form API and gRPC when a request names none (`--raw-pcm-rate`).
    public var rawPCMRate = RawPCMRate.reference
    /// Where cloned speakers are kept (`--store`): nil = SQLite at ``speakerStorePath``; a PostgreSQL
    /// database shared by every replica that names it otherwise.
    public var postgresStore: PostgresStoreSettings?

    public init() {}

    public var speakerStorePath: String { dataDirectory.appendingPathComponent("speakers.sqlite").path }
    public var voiceCacheDirectory: URL { dataDirectory.appendingPathComponent("cache/voices") }
    public var resolvedVoicesConfigFile: URL { voicesConfigFile ?? dataDirectory.appendingPathComponent(Self.defaultVoicesConfigFile) }
    /// The voice assignments file's default path inside the data directory.
    public static let defaultVoicesConfigFile = "voices.yaml"
    /// Every directory scanned for voices: the system one first.
    public var allVoicesDirectories: [URL] { [systemVoicesDirectory] + voicesDirectories }
    public var resolvedLogFile: URL { logFile ?? dataDirectory.appendingPathComponent(Self.defaultLogFile) }
    /// The log file's default path inside the data directory.
    public static let defaultLogFile = "logs/server.log"
}
