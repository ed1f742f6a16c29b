import AsyncHTTPClient
import CosyVoiceTesting
import Foundation

/// A `cosyvoice serve` child on loopback with fresh ports and a throw-away data directory, for
/// `bench load --start-server`. Stopped with SIGTERM (then SIGKILL after 10 s) by `stop()`.
final class BenchServerProcess: @unchecked Sendable {
    let process: Process
    let dataDirectory: URL
    let httpPort: Int
    let grpcPort: Int
    /// Seconds from spawning until `GET /` answered (voice loading and warm-up included).
    private(set) var startupSeconds: Double = 0

    var pid: Int32 { process.processIdentifier }
    var url: String { "http://127.0.0.1:\(httpPort)" }
    var logFile: URL { dataDirectory.appendingPathComponent("server.stderr") }

    /// The `cosyvoice` binary built beside this one (same build directory).
    static func serverExecutable() throws -> URL {
        let me = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        let server = me.deletingLastPathComponent().appendingPathComponent("cosyvoice")
        guard FileManager.default.isExecutableFile(atPath: server.path) else {
            throw BenchError("no cosyvoice binary beside \(me.path): build both products (swift build -c release)")
        }
        return server
    }

    /// Spawns the server; `extraArguments` go to `serve` (e.g. `--engine-threads 2`).
    init(extraArguments: [String]) throws {
        dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("cosyvoice-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        httpPort = try FreePort.find()
        grpcPort = try FreePort.find(excluding: httpPort)
        process = Process()
        process.executableURL = try Self.serverExecutable()
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "\(httpPort)", "--grpc-port", "\(grpcPort)",
                             "--data-dir", dataDirectory.path] + extraArguments
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
    }

    /// Starts the child and polls `GET /` until it answers (at most `timeout` seconds).
    func start(client: HTTPClient, timeout: Double = 180) async throws {
        let clock = ContinuousClock()
        let begin = clock.now
        try process.run()
        while (clock.now - begin).seconds < timeout {
            guard process.isRunning else {
                throw BenchError("the server exited during start-up (status \(process.terminationStatus)); log: \(logFile.path)")
            }
            if let response = try? await client.execute(HTTPClientRequest(url: url + "/"), timeout: .seconds(2)), response.status == .ok {
                _ = try? await response.body.collect(upTo: 1 << 16)
                startupSeconds = (clock.now - begin).seconds
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        stop()
        throw BenchError("the server did not answer GET / within \(Int(timeout)) s; log: \(logFile.path)")
    }

    /// SIGTERM, then SIGKILL if it has not exited after 10 s; removes the data directory.
    func stop() {
        if process.isRunning {
            kill(pid, SIGTERM)
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning && Date() < deadline { usleep(50_000) }
            if process.isRunning { kill(pid, SIGKILL) }
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: dataDirectory)
    }
}

/// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel's choice for port 0), other than
/// `excluded`.
enum FreePort {
    static func find(excluding excluded: Int? = nil) throws -> Int {
        for _ in 0..<10 {
            let port = try LoopbackSocket.freePort()
            if port != excluded { return port }
        }
        throw BenchError("no free port found")
    }
}

/// Memory and load figures Linux keeps in `/proc`.
enum ProcFigures {
    /// `VmHWM` (peak) and `VmRSS` (now) of process `pid`, in bytes.
    static func memory(of pid: Int32) -> (peak: Int?, current: Int?) {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return (nil, nil) }
        func value(_ key: String) -> Int? {
            for line in status.split(separator: "\n") where line.hasPrefix(key + ":") {
                return line.dropFirst(key.count + 1).split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) }.map { $0 * 1024 }
            }
            return nil
        }
        return (value("VmHWM"), value("VmRSS"))
    }

    /// The 1-, 5- and 15-minute load averages.
    static func loadAverage() -> [Double] {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return [] }
        return text.split(separator: " ").prefix(3).compactMap { Double($0) }
    }
}
