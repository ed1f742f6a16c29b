import Foundation
import Synchronization
import Synthesis

/// A throwaway PostgreSQL server from Debian's `postgresql` package: a cluster made with `initdb` in a
/// temporary directory, `postgres` on a free loopback port (its socket directory temporary too), a password
/// required over TCP. As root the tests hand both to `nobody` (PostgreSQL refuses to run as root).
/// ``remove()`` stops it and deletes everything.
public final class TemporaryPostgres: Sendable {
    /// Debian's `postgresql` package is missing.
    public struct Missing: Error, CustomStringConvertible {
        public var description: String {
            "PostgreSQL is not installed: the PostgreSQL speaker store is tested against a real server (Debian package postgresql; `scripts/setup` installs it)"
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static let user = "cosyvoice"
    public static let password = "store-test-password"

    public let port: Int
    let directory: URL
    let binaries: URL
    private let server: LockedProcess

    public var dataDirectory: URL { directory.appendingPathComponent("data") }

    /// Makes a cluster and starts it (about a second or two).
    public static func start() async throws -> TemporaryPostgres {
        guard let binaries = binaryDirectory() else { throw Missing() }
        let directory = RunningServer.temporaryDirectory().appendingPathExtension("postgres")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            try Unprivileged.hand(directory)
            let passwordFile = directory.appendingPathComponent("password")
            try Data(password.utf8).write(to: passwordFile)
            try Unprivileged.hand(passwordFile)
            let made = try await Unprivileged.run(binaries.appendingPathComponent("initdb").path, [
                "--pgdata", directory.appendingPathComponent("data").path, "--username", user, "--pwfile", passwordFile.path,
                "--auth-local", "trust", "--auth-host", "scram-sha-256", "--encoding", "UTF8", "--locale", "C.UTF-8", "--no-sync",
            ])
            guard made.status == 0 else { throw Failure(description: "initdb failed:\n\(made.standardError)") }
            let postgres = TemporaryPostgres(port: try LoopbackSocket.freePort(), directory: directory, binaries: binaries)
            try await postgres.startServer()
            return postgres
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    private init(port: Int, directory: URL, binaries: URL) {
        self.port = port
        self.directory = directory
        self.binaries = binaries
        server = LockedProcess()
    }

    /// The newest installed major version's programs.
    static func binaryDirectory() -> URL? {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return versions.compactMap(Int.init).sorted().last.map { root.appendingPathComponent("\($0)/bin") }
            .flatMap { FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("postgres").path) ? $0 : nil }
    }

    /// Starts the server on the cluster (again, after ``stopServer()``) and waits until it accepts connections.
    public func startServer() async throws {
        let process = try BackgroundProcess("postgres", binaries.appendingPathComponent("postgres").path, [
            "-D", dataDirectory.path, "-p", "\(port)", "-k", directory.path,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off",
            "-c", "max_connections=100", "-c", "shared_buffers=16MB",
        ], unprivileged: true)
        server.set(process)
        // Ready once it accepts sessions, not merely TCP connections.
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning, ContinuousClock.now < deadline {
            let probe = try await Unprivileged.run(binaries.appendingPathComponent("pg_isready").path,
                                                   ["-h", "127.0.0.1", "-p", "\(port)", "-U", Self.user], timeout: .seconds(10))
            if probe.status == 0 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        await process.stop()
        throw Failure(description: "postgres did not start:\n\(process.standardError)")
    }

    /// Stops the server: `SIGTERM` is a smart shutdown; `SIGKILL` is a crash.
    public func stopServer(_ signal: Int32 = SIGINT) async {
        await server.get()?.stop(signal)
    }

    /// Makes a new empty database and returns the store settings that reach it (password included).
    /// - Parameter operationTimeout: a minute unless a test is about the deadline: a test machine running the
    ///   whole suite can hold an ordinary query (or a replica waiting for the migration lock) for seconds.
    public func makeDatabase(poolSize: Int = 4, operationTimeout: Double = 60) async throws -> PostgresStoreSettings {
        let name = "speakers_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let made = try await Unprivileged.run(binaries.appendingPathComponent("createdb").path,
                                              ["-h", directory.path, "-p", "\(port)", "-U", Self.user, name], timeout: .seconds(60))
        guard made.status == 0 else { throw Failure(description: "createdb failed:\n\(made.standardError)") }
        var settings = try PostgresStoreSettings(url: url(database: name), poolSize: poolSize, operationTimeout: operationTimeout)
        settings.password = Self.password
        return settings
    }

    /// The store URL of `database`, password left out (tests pass it apart, as deployments do).
    public func url(database: String) -> String { "postgres://\(Self.user)@127.0.0.1:\(port)/\(database)?sslmode=disable" }

    /// Stops the server and deletes the cluster.
    public func remove() async {
        await stopServer(SIGINT)
        try? FileManager.default.removeItem(at: directory)
    }
}

/// The one running server process of a ``TemporaryPostgres`` (replaced on a restart).
final class LockedProcess: Sendable {
    private let process = Mutex<BackgroundProcess?>(nil)
    func set(_ new: BackgroundProcess) { process.withLock { $0 = new } }
    func get() -> BackgroundProcess? { process.withLock { $0 } }
}
