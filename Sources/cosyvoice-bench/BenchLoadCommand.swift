import ArgumentParser
import AsyncHTTPClient
import AudioIO
import Foundation
import GRPCAPI
import GRPCCore
import GRPCNIOTransportHTTP2
import Server

/// `cosyvoice-bench load`: concurrent clients against a running server (ours or a peer), with the bare
/// engine's figures for the same texts measured in the same run so the overhead shows as ratios.
struct BenchLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Concurrent clients against a server: time to first byte, latency, aggregate RTF, errors, server RSS."
    )

    enum Surface: String, ExpressibleByArgument, CaseIterable { case http, grpc }
    enum Peer: String, ExpressibleByArgument, CaseIterable { case piper }

    @Option(help: "Server base URL (loopback only).")
    var url = "http://127.0.0.1:\(ServerConfiguration().port)"

    @Option(help: "gRPC address host:port (loopback only).")
    var grpc = "127.0.0.1:\(ServerConfiguration().grpcPort)"

    @Option(help: "Surface to load: http or grpc (gRPC is always streamed).")
    var surface: Surface = .http

    @Option(help: "Load a peer server instead of ours: piper (`python -m piper.http_server`, POST / → WAV).")
    var peer: Peer?

    @Option(help: "Synthesis path of the peer: /synthesize (piper-tts ≥ 1.4) or / (1.3).")
    var peerPath = "/synthesize"

    @Option(help: "Concurrent clients; a comma-separated list runs each level in turn, e.g. 1,4.")
    var concurrency = "1"

    @Option(help: "Seconds each level runs (clients start no request after it).")
    var duration = 30.0

    @Option(help: "Send this many mixed requests (streamed and not, PCM and MP3) instead of running for --duration, and report RSS growth after the first 50.")
    var requests: Int?

    @Flag(help: "Streamed requests (`stream: true`).")
    var stream = false

    @Flag(help: "MP3 (`/tts`) instead of raw PCM (`/tts/pcm`).")
    var mp3 = false

    @Option(help: "Load OpenAI's `POST /v1/audio/speech` (always streamed) in this response_format instead of /tts/pcm: \(AudioFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var openai: AudioFormat?

    @Option(help: "PID of the server, for its RSS (VmHWM, VmRSS from /proc).")
    var serverPID: Int32?

    @Flag(help: "Start `cosyvoice serve` on free loopback ports with a temporary data directory, and stop it afterwards.")
    var startServer = false

    @Option(parsing: .unconditionalSingleValue, help: "Extra argument for the started server; repeatable (e.g. --server-arg=--max-jobs=2).")
    var serverArg: [String] = []

    @Option(help: "Engine threads: passed to the started server and used by the in-process baseline.")
    var engineThreads = 1

    @Flag(help: "Skip the in-process bare-engine baseline.")
    var noEngine = false

    @Flag(help: "After the load runs, measure how fast an abandoned streamed request frees its slot (HTTP, ours only).")
    var abandonment = false

    @Option(help: "Engine slots of the server, filled by abandoned streams. [default: cores ÷ engine threads]")
    var slots: Int?

    @Option(help: "Abandonment trials.")
    var abandonmentTrials = 5

    @Option(help: "Text of the abandoned requests. [default: a built-in paragraph of 12-word sentences]")
    var abandonmentText: String?

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    @OptionGroup var engine: BenchEngineOptions

    func validate() throws {
        guard levels.allSatisfy({ (1...256).contains($0) }), !levels.isEmpty else {
            throw ValidationError("--concurrency takes numbers from 1 to 256, e.g. 1,4")
        }
        guard duration > 0, duration <= 3600 else { throw ValidationError("--duration must be between 0 and 3600 seconds") }
        if let requests, !(1...100_000).contains(requests) { throw ValidationError("--requests must be between 1 and 100000") }
        if openai != nil && (peer != nil || surface == .grpc || mp3 || requests != nil) {
            throw ValidationError("--openai loads our HTTP surface; it does not combine with --peer, --surface grpc, --mp3 or --requests")
        }
        if peer != nil && (startServer || abandonment || surface == .grpc) {
            throw ValidationError("--peer loads an already running peer over HTTP; --start-server, --abandonment and --surface grpc are for our server")
        }
        for address in [URL(string: url)?.host ?? "", String(grpc.split(separator: ":").first ?? "")] {
            guard ["127.0.0.1", "localhost", "::1", "[::1]"].contains(address) else {
                throw ValidationError("bench load talks to loopback only (127.0.0.1, localhost, ::1); got \(address)")
            }
        }
    }

    private var levels: [Int] { concurrency.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func run() async throws {
        let texts = try BenchTexts.load(engine.texts, set: engine.resolvedTextSet)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let figures: EngineFigures? = noEngine ? nil
            : try await engine.baseline(threads: engineThreads).measure(texts: texts, progress: benchProgress)

        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: (levels.max() ?? 1) + 4)))
        var server: BenchServerProcess?
        do {
            var baseURL = url
            var grpcHost = String(grpc.split(separator: ":").first ?? "127.0.0.1")
            var grpcPort = Int(grpc.split(separator: ":").last ?? "") ?? ServerConfiguration().grpcPort
            var pid = serverPID
            if startServer {
                benchProgress("starting cosyvoice serve")
                let process = try BenchServerProcess(extraArguments: ["--engine-threads", "\(engineThreads)"] + serverArg)
                try await process.start(client: client)
                benchProgress("server ready in \(BenchTable.f(process.startupSeconds, 2)) s (pid \(process.pid), log \(process.logFile.path))")
                server = process
                baseURL = process.url
                grpcHost = "127.0.0.1"
                grpcPort = process.grpcPort
                pid = process.pid
            }
            let name = peer.map { "\($0.rawValue) http" } ?? openai.map { "cosyvoice openai \($0.rawValue)" } ?? "cosyvoice \(surface.rawValue)"
            var report = LoadReport(cores: cores, target: name, url: surface == .grpc ? "\(grpcHost):\(grpcPort)" : baseURL,
                                    serverStartupSeconds: server?.startupSeconds,
                                    serverResidentBeforeBytes: pid.flatMap { ProcFigures.memory(of: $0).current },
                                    engine: figures, runs: [])

            let runAll: @Sendable (any LoadTarget) async -> [LoadRunResult] = { [levels, duration, requests, stream, mp3, openai, pid] target in
                var results: [LoadRunResult] = []
                for level in levels {
                    let settings = LoadRunSettings(concurrency: level, duration: requests == nil ? duration : nil, requests: requests,
                                                   stream: stream || openai != nil || (peer == nil && surface == .grpc), mixed: requests != nil && peer == nil && surface == .http, mp3: mp3,
                                                   hardLimit: (requests == nil ? duration : 3600) + 120)
                    benchProgress("\(name): concurrency \(level), " + (requests.map { "\($0) requests" } ?? "\(Int(duration)) s"))
                    results.append(await LoadRunner.run(target: target, name: name, texts: texts, settings: settings,
                                                        serverPID: pid, engine: figures))
                }
                return results
            }
            switch (peer, surface) {
            case (.piper?, _):
                report.runs = await runAll(PiperHTTPTarget(client: client, baseURL: baseURL, path: peerPath))
            case (nil, .http):
                if let openai {
                    report.runs = await runAll(OpenAISpeechTarget(client: client, baseURL: baseURL, voice: engine.speaker, format: openai))
                } else {
                    report.runs = await runAll(CosyVoiceHTTPTarget(client: client, baseURL: baseURL, speaker: engine.speaker))
                }
            case (nil, .grpc):
                let transport = try HTTP2ClientTransport.Posix(target: .ipv4(address: grpcHost == "localhost" ? "127.0.0.1" : grpcHost, port: grpcPort),
                                                               transportSecurity: .plaintext)
                report.runs = try await withGRPCClient(transport: transport) { grpcClient in
                    await runAll(CosyVoiceGRPCTarget(client: Cosyvoice_CosyVoice.Client(wrapping: grpcClient), speaker: engine.speaker))
                }
            }
            if let requests, let last = report.runs.last, let after50 = last.serverResidentAfter50Bytes, let after = last.serverResidentBytes {
                report.memory = LoadReport.MemoryGrowth(requests: requests, residentAfter50Bytes: after50, residentAfterAllBytes: after)
            }
            if abandonment {
                guard let components = URLComponents(string: baseURL), let host = components.host, let port = components.port else {
                    throw ValidationError("--url needs a host and a port for the abandonment check")
                }
                var check = AbandonmentCheck(client: client, host: host == "localhost" ? "127.0.0.1" : host, port: port, speaker: engine.speaker,
                                             slots: slots ?? max(1, cores / engineThreads), trials: max(1, abandonmentTrials))
                if let abandonmentText { check.longText = abandonmentText }
                report.abandonment = try await check.run(progress: benchProgress)
            }
            server?.stop()
            try await client.shutdown()
            print(json ? try benchJSON(report) : BenchTable.report(report))
        } catch {
            server?.stop()
            try? await client.shutdown()
            throw error
        }
    }
}
