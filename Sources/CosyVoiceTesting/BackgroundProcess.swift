import Foundation
import Synchronization

/// A server program (PostgreSQL, nginx, `cosyvoice serve`) running as a child process for as long as a test
/// needs it, its standard error kept for failure messages. The test stops it; stopping twice does nothing.
public final class BackgroundProcess: Sendable {
    public let name: String
    private let process: Process
    private let errors = OutputTail()

    /// Starts `executable` (as the unprivileged test user when the tests run as root, see ``Unprivileged``).
    public init(_ name: String, _ executable: String, _ arguments: [String], environment: [String: String] = [:],
                unprivileged: Bool = false) throws {
        self.name = name
        let process = Process()
        let (program, fullArguments) = unprivileged ? Unprivileged.command(executable, arguments) : (executable, arguments)
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = fullArguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardError = pipe
        let errors = self.errors
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else { handle.readabilityHandler = nil; return }
            errors.append(data)
        }
        self.process = process
        try process.run()
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    /// What the program wrote to standard error so far.
    public var standardError: String { errors.text.withLock { $0 } }

    public func signal(_ signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// Sends `signal` and waits (off the cooperative pool) for the program to end; past `grace` it is killed.
    /// Returns its exit status.
    @discardableResult
    public func stop(_ signal: Int32 = SIGTERM, grace: Duration = .seconds(10)) async -> Int32 {
        self.signal(signal)
        let deadline = ContinuousClock.now + grace
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        return process.terminationStatus
    }
}

/// The end of what a program wrote: the last 64 KiB are enough to say why it failed.
final class OutputTail: Sendable {
    let text = Mutex("")

    func append(_ data: Data) {
        text.withLock { text in
            text += String(decoding: data, as: UTF8.self)
            if text.utf8.count > 65536 { text = String(text.suffix(32768)) }
        }
    }
}
