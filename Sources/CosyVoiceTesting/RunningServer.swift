import Engines
import Foundation
import Logging
import Operations
import Server
import Synchronization
import Synthesis
import TextFrontend

/// The server the `cosyvoice serve` binary runs — ``CosyVoiceServer``, both listeners, the same composition —
/// on ephemeral loopback ports with a fresh data directory, for the length of a test.
public struct RunningServer: Sendable {
    public let server: CosyVoiceServer
    public let ports: CosyVoiceServer.BoundPorts

    /// The HTTP port.
    public var port: Int { ports.http }
    /// The gRPC port.
    public var grpcPort: Int { ports.grpc }
    public var service: SynthesisService { server.service }
    public var configuration: ServerConfiguration { server.configuration }

    /// Starts a server, runs `body` against it, stops it.
    /// - Parameters:
    ///   - dataDirectory: where the speaker store lives; a fresh temporary directory when nil.
    ///   - configure: adjusts the configuration as `serve`'s flags would.
    ///   - service: a service over test engines (``GatedEngine``, engine doubles); nil loads the installed
    ///     voices as `serve` does.
    ///   - serving: the draining state, for tests that begin a drain.
    public static func run<Result: Sendable>(
        dataDirectory: URL? = nil,
        configure: (inout ServerConfiguration) -> Void = { _ in },
        service: SynthesisService? = nil,
        serving: ServingState = ServingState(),
        _ body: (RunningServer) async throws -> Result
    ) async throws -> Result {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.grpcPort = 0
        configuration.dataDirectory = dataDirectory ?? temporaryDirectory()
        // Stopping a test server on a loaded machine can take more than the binary's 5 s; past the limit
        // ServiceLifecycle would end the whole test process.
        configuration.cancellationLimit = 120
        configure(&configuration)
        // Warnings and errors only: a test server's request lines would drown the test output.
        var logger = Logger(label: "cosyvoice.test")
        logger.logLevel = .warning
        let server: CosyVoiceServer
        if let service {
            // Grammars loaded before the server listens, so no request's deadline includes their loading.
            await service.frontend.grammars?.load()
            server = CosyVoiceServer(configuration: configuration, service: service, serving: serving, logger: logger)
        } else {
            // The voices `serve` loads, without its warm-up: test servers start by the dozen, and a calibration
            // is taken on first use as it would be after a cold start. Servers with the default voices share one
            // loaded catalog (engines hold no request state); each has its own store, scheduler and limits.
            let catalog = try await InstalledVoices.catalog(for: configuration, logger: logger)
            let loaded = try await ServiceLoader.service(over: catalog, configuration,
                                                         frontend: await installedFrontend(configuration.grammarsDirectory), logger: logger)
            server = CosyVoiceServer(configuration: configuration, service: loaded, serving: serving, logger: logger)
        }
        let (ready, readiness) = AsyncStream<CosyVoiceServer.BoundPorts>.makeStream()
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                try await server.run { ports in readiness.yield(ports) }
                readiness.finish()
                return nil
            }
            defer { group.cancelAll() }
            var waiting = ready.makeAsyncIterator()
            guard let ports = await waiting.next() else { throw HarnessError("the server stopped before it listened") }
            return try await body(RunningServer(server: server, ports: ports))
        }
    }

    /// The front end `serve` reads with: through the grammars in `directory` when they are installed. The
    /// grammars are shared by every server of the test process (``GrammarExecutor/shared(directory:)``): the
    /// first server waits for them to load, off the cooperative pool, and no later one loads them again, nor
    /// does a request's deadline ever include their loading.
    public static func installedFrontend(_ directory: URL = NormalizationGrammars.defaultDirectory) async -> TextFrontend {
        let grammars = GrammarExecutor.shared(directory: directory)
        await grammars.load()
        return TextFrontend(grammars: grammars)
    }

    /// A fresh directory name under the temporary directory (created by whoever uses it).
    public static func temporaryDirectory() -> URL {
        TestDirectory.fresh("cosyvoice-tests")
    }

    /// A synthesis service over `engines` (voices: `voices`) with a speaker store in a fresh directory — the
    /// service a test server runs when its engines are test doubles. Its text is read as `serve` reads it,
    /// through the installed grammars shared by the process (loaded on first use, on their own threads).
    public static func service(engines: [any SpeechEngine], voices: [Voice], limits: Limits = Limits(),
                               scheduler: Scheduler = Scheduler(engineSlots: 4, maxQueued: 4),
                               frontend: TextFrontend = TextFrontend(grammars: .shared())) throws -> SynthesisService {
        let directory = temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteSpeakerStore(path: directory.appendingPathComponent("speakers.sqlite").path)
        return SynthesisService(catalog: VoiceCatalog(engines: engines, voices: voices), store: store, limits: limits, scheduler: scheduler,
                                frontend: frontend)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The installed voices loaded once per test process: loading starts ONNX Runtime sessions (a second or more
/// of a core each), and dozens of test servers starting at once would each load their own.
enum InstalledVoices {
    private static let shared = Mutex<Task<VoiceCatalog, any Error>?>(nil)

    /// The shared catalog when `configuration` asks for the default voices, else one loaded for it alone.
    static func catalog(for configuration: ServerConfiguration, logger: Logger) async throws -> VoiceCatalog {
        let defaults = ServerConfiguration()
        let usesDefaults = configuration.voicesDirectories.isEmpty && configuration.voicesConfigFile == nil
            && configuration.systemVoicesDirectory == defaults.systemVoicesDirectory && configuration.engineThreads == defaults.engineThreads
            && configuration.loneRequestThreads == defaults.loneRequestThreads
            && !FileManager.default.fileExists(atPath: configuration.resolvedVoicesConfigFile.path)
        guard usesDefaults else { return try await ServiceLoader.loadCatalog(configuration, logger: logger) }
        let task = shared.withLock { task in
            if let task { return task }
            let loading = Task { try await ServiceLoader.loadCatalog(configuration, logger: logger) }
            task = loading
            return loading
        }
        return try await task.value
    }
}
