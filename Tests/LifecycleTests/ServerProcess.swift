import AsyncHTTPClient
import CosyVoiceTesting
import Foundation
import NIOCore
import Synchronization

/// The built `cosyvoice serve` binary running as a child process on ephemeral ports, so tests can signal and
/// kill it for real. The binary sits next to the test bundle (SwiftPM builds it first: this target depends on
/// the `cosyvoice` product).
final class ServerProcess: Sendable {
    let process: Process
    let httpPort: Int
    let grpcPort: Int
    private let log: LogBuffer
    private let exit: ExitWatch

    static var binary: URL {
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: runner).deletingLastPathComponent().appendingPathComponent("cosyvoice")
    }

    private init(process: Process, ports: (http: Int, grpc: Int), log: LogBuffer, exit: ExitWatch) {
        self.process = process
        httpPort = ports.http
        grpcPort = ports.grpc
        self.log = log
        self.exit = exit
    }

    /// How long loading the voices may take: the whole suite runs in parallel, and several servers loading at
    /// once on a busy machine have taken over a minute.
    static let startLimit: Duration = .seconds(240)

    /// Starts the server on `dataDirectory` and waits (bounded) until it logs its listening ports.
    /// - Parameters:
    ///   - arguments: flags after `serve` and the test's own (data directory, loopback, free ports).
    ///   - environment: `COSYVOICE_*` variables added to the test process's environment.
    ///   - freePorts: pass `--port 0 --grpc-port 0`; false leaves the ports to `arguments` or the environment.
    static func start(dataDirectory: URL, arguments: [String] = [], environment: [String: String] = [:],
                      freePorts: Bool = true) async throws -> ServerProcess {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--data-dir", dataDirectory.path, "--host", "127.0.0.1"]
            + (freePorts ? ["--port", "0", "--grpc-port", "0"] : []) + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        let log = LogBuffer()
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { log.text.withLock { $0 += String(decoding: data, as: UTF8.self) } }
        }
        let exit = ExitWatch()
        process.terminationHandler = { exit.finish($0.terminationStatus) }
        try process.run()
        let deadline = ContinuousClock.now + startLimit
        while ContinuousClock.now < deadline {
            if let ports = log.text.withLock({ Self.ports(in: $0) }) {
                return ServerProcess(process: process, ports: ports, log: log, exit: exit)
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        throw StartFailure(log: log.text.withLock { $0 })
    }

    struct StartFailure: Error, CustomStringConvertible {
        var log: String
        var description: String { "the server did not start:\n\(log)" }
    }

    /// The ports of the "listening http=… grpc=…" line.
    private static func ports(in log: String) -> (http: Int, grpc: Int)? {
        guard let line = log.split(separator: "\n").first(where: { $0.hasSuffix("listening") && $0.contains("http=") }) else { return nil }
        func port(_ name: String) -> Int? {
            line.split(separator: " ").first { $0.hasPrefix(name + "=") }.flatMap { Int($0.dropFirst(name.count + 1)) }
        }
        guard let http = port("http"), let grpc = port("grpc") else { return nil }
        return (http, grpc)
    }

    var output: String { log.text.withLock { $0 } }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to end and returns its exit status, suspended rather than blocking a thread
    /// of the cooperative pool.
    func exitStatus() async -> Int32 {
        await exit.status()
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(httpPort)\(path)" }

    /// POSTs a JSON body and returns the response with its body still streaming.
    func post(_ path: String, json: [String: Any]) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url(path))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        return try await HTTPClient.shared.execute(request, timeout: .seconds(300))
    }

    func get(_ path: String) async throws -> (status: Int, body: Data) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url(path)), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return (Int(response.status.code), Data(body.readableBytesView))
    }
}

/// The exit status once `Process`'s termination handler reports it, for any number of waiters.
final class ExitWatch: Sendable {
    private let state = Mutex<(status: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))

    func finish(_ status: Int32) {
        let waiters = state.withLock { state in
            state.status = status
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: status) }
    }

    func status() async -> Int32 {
        await withCheckedContinuation { continuation in
            let ended = state.withLock { state in
                if state.status == nil { state.waiters.append(continuation) }
                return state.status
            }
            if let ended { continuation.resume(returning: ended) }
        }
    }
}

/// What the server wrote to standard error so far.
final class LogBuffer: Sendable {
    let text = Mutex("")
}
