import Foundation
import Synchronization

/// A program run to its end as a child process, for tests that drive the server the way an outside client
/// does. The wait happens in `Process`'s termination handler, never on the cooperative pool, and is bounded.
public enum ChildProcess {
    /// How a run ended.
    public struct Outcome: Sendable {
        /// The exit status (or the signal number, when a signal ended the process).
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
    }

    /// The program was still running at its time limit and was stopped.
    public struct TimedOut: Error, CustomStringConvertible {
        public var command: String
        public var seconds: Double
        public var standardError: String
        public var description: String { "\(command) did not finish within \(seconds) s; it was stopped. Its standard error:\n\(standardError)" }
    }

    /// Seconds between SIGTERM and SIGKILL for a program past its time limit.
    static let killGrace: Duration = .seconds(5)

    /// Runs `executable` with `arguments` and waits for it to exit, at most `timeout`; a cancelled task stops
    /// the program too. Its output is collected in temporary files, so a chatty program never blocks on a
    /// full pipe.
    /// - Parameter environment: variables added to this process's environment.
    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:],
                           timeout: Duration = .seconds(120)) async throws -> Outcome {
        let directory = RunningServer.temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputURL = directory.appendingPathComponent("stdout")
        let errorURL = directory.appendingPathComponent("stderr")
        try Data().write(to: outputURL)
        try Data().write(to: errorURL)
        let output = try FileHandle(forWritingTo: outputURL)
        let error = try FileHandle(forWritingTo: errorURL)
        defer {
            try? output.close()
            try? error.close()
        }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = error

        let timedOut = Mutex(false)
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            timedOut.withLock { $0 = true }
            if process.isRunning { process.terminate() }
            try await Task.sleep(for: killGrace)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        defer { watchdog.cancel() }
        let status: Int32 = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
                do {
                    try process.run()
                } catch {
                    process.terminationHandler = nil
                    continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            if process.isRunning { process.terminate() }
        }

        let standardError = String(decoding: (try? Data(contentsOf: errorURL)) ?? Data(), as: UTF8.self)
        if timedOut.withLock({ $0 }) {
            let command = ([executable.lastPathComponent] + arguments).joined(separator: " ")
            throw TimedOut(command: command, seconds: Double(timeout.components.seconds), standardError: standardError)
        }
        return Outcome(status: status,
                       standardOutput: String(decoding: (try? Data(contentsOf: outputURL)) ?? Data(), as: UTF8.self),
                       standardError: standardError)
    }
}
