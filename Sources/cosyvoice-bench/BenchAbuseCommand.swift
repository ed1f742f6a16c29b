import ArgumentParser
import AsyncHTTPClient
import Foundation
import Synthesis

/// `cosyvoice-bench abuse`: abusive clients (huge declared prompt audio, an 80 kB multipart boundary, bodies
/// near the size limit, ten million combining marks) against a server this command starts, while a fifth client's
/// time to first byte and the server's memory are measured (docs/benchmarks.md).
struct BenchAbuseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abuse",
        abstract: "Abusive clients against a started server: a normal client's first byte (idle vs under abuse), server RSS, statuses per kind."
    )

    @Option(help: "Seconds the abusive clients run.")
    var duration = 60.0

    @Option(help: "Abusive clients per kind (\(AbuseKind.allCases.count) kinds).")
    var clientsPerKind = 1

    @Option(help: "Measured requests of the fifth client on the idle server, after one warm-up.")
    var idleRequests = 20

    @Option(help: "Most requests one abusive client sends, whatever the duration.")
    var maxRequests = 10_000

    @Option(help: "Body limit of the server in bytes (its --max-body-bytes); the big bodies stay just under it.")
    var bodyLimit = Limits().maxBodyBytes

    @Option(help: "Speaker of the fifth client's requests.")
    var speaker = "英文男"

    @Option(parsing: .unconditionalSingleValue, help: "Extra argument for the started server; repeatable (e.g. --server-arg=--max-jobs=2).")
    var serverArg: [String] = []

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        guard duration > 0, duration <= 3600 else { throw ValidationError("--duration must be between 0 and 3600 seconds") }
        guard (1...16).contains(clientsPerKind) else { throw ValidationError("--clients-per-kind must be between 1 and 16") }
        guard (1...1000).contains(idleRequests) else { throw ValidationError("--idle-requests must be between 1 and 1000") }
        guard (1...1_000_000).contains(maxRequests) else { throw ValidationError("--max-requests must be between 1 and 1000000") }
        guard (1 << 20...1 << 30).contains(bodyLimit) else { throw ValidationError("--body-limit must be between 1 MiB and 1 GiB") }
    }

    func run() async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 4)))
        var server: BenchServerProcess?
        do {
            benchProgress("starting cosyvoice serve")
            let process = try BenchServerProcess(extraArguments: serverArg)
            server = process
            try await process.start(client: client)
            benchProgress("server ready in \(BenchTable.f(process.startupSeconds, 2)) s (pid \(process.pid), log \(process.logFile.path))")
            let settings = AbuseRunSettings(duration: duration, clientsPerKind: clientsPerKind, maxRequestsPerClient: maxRequests,
                                            idleRequests: idleRequests, bodyLimit: bodyLimit)
            let report = try await AbuseRun(server: process, client: client, settings: settings, speaker: speaker)
                .run(serverArguments: serverArg, progress: benchProgress)
            process.stop()
            try await client.shutdown()
            print(json ? try benchJSON(report) : report.table)
        } catch {
            server?.stop()
            try? await client.shutdown()
            throw error
        }
    }
}
