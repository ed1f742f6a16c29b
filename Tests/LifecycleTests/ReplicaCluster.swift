import AsyncHTTPClient
import CosyVoiceTesting
import Foundation
import NIOCore
import Synchronization
import Testing

/// Two `cosyvoice serve` replicas sharing a PostgreSQL speaker store, behind nginx running
/// `deploy/nginx/cosyvoice.conf`: all real processes, on free loopback ports. A replica keeps its ports across
/// restarts, as a replica behind a fixed upstream list does.
final class ReplicaCluster: Sendable {
    let postgres: TemporaryPostgres
    let storeURL: String
    let replicas: [Replica]
    let nginx: TemporaryNginx

    var httpPort: Int { nginx.ports[50000] ?? 0 }
    var grpcPort: Int { nginx.ports[50001] ?? 0 }
    func url(_ path: String) -> String { "http://127.0.0.1:\(httpPort)\(path)" }

    static var configuration: URL { Fixtures.repository.appendingPathComponent("deploy/nginx/cosyvoice.conf") }

    static func start() async throws -> ReplicaCluster {
        let postgres = try await TemporaryPostgres.start()
        var replicas: [Replica] = []
        do {
            let settings = try await postgres.makeDatabase()
            let storeURL = postgres.url(database: settings.database)
            for index in 0..<2 {
                replicas.append(Replica(index: index, storeURL: storeURL, httpPort: try LoopbackSocket.freePort(),
                                        grpcPort: try LoopbackSocket.freePort()))
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for replica in replicas { group.addTask { try await replica.start() } }
                try await group.waitForAll()
            }
            let nginx = try await TemporaryNginx.start(configuration: configuration, upstreams: [
                "cosyvoice_http": replicas.map { "127.0.0.1:\($0.httpPort)" },
                "cosyvoice_grpc": replicas.map { "127.0.0.1:\($0.grpcPort)" },
            ])
            return ReplicaCluster(postgres: postgres, storeURL: storeURL, replicas: replicas, nginx: nginx)
        } catch {
            for replica in replicas { await replica.stop() }
            await postgres.remove()
            throw error
        }
    }

    private init(postgres: TemporaryPostgres, storeURL: String, replicas: [Replica], nginx: TemporaryNginx) {
        self.postgres = postgres
        self.storeURL = storeURL
        self.replicas = replicas
        self.nginx = nginx
    }

    func remove() async {
        await nginx.remove()
        for replica in replicas { await replica.stop() }
        await postgres.remove()
    }
}

/// One replica: its fixed ports and data directory, and the process running now (replaced on a restart).
final class Replica: Sendable {
    let index: Int
    let storeURL: String
    let httpPort: Int
    let grpcPort: Int
    let dataDirectory: URL
    private let current = Mutex<ServerProcess?>(nil)

    init(index: Int, storeURL: String, httpPort: Int, grpcPort: Int) {
        self.index = index
        self.storeURL = storeURL
        self.httpPort = httpPort
        self.grpcPort = grpcPort
        dataDirectory = RunningServer.temporaryDirectory().appendingPathExtension("replica-\(index)")
    }

    var process: ServerProcess? { current.withLock { $0 } }
    func url(_ path: String) -> String { "http://127.0.0.1:\(httpPort)\(path)" }

    /// Starts (or restarts) the replica and waits until it listens. The password comes from the environment,
    /// not the URL, as a deployment passes it.
    func start() async throws {
        let process = try await ServerProcess.start(
            dataDirectory: dataDirectory,
            arguments: ["--port", "\(httpPort)", "--grpc-port", "\(grpcPort)", "--store", storeURL, "--store-pool-size", "4",
                        "--shutdown-grace", "60", "--lone-request-threads", "0", "--max-jobs", "2"],
            environment: ["COSYVOICE_STORE_PASSWORD": TemporaryPostgres.password],
            freePorts: false)
        current.withLock { $0 = process }
    }

    /// Stops the replica (SIGTERM, then SIGKILL) and deletes its data directory.
    func stop() async {
        if let process, process.process.isRunning {
            process.signal(SIGTERM)
            let ended = await eventually(within: 90) { !process.process.isRunning }
            if !ended { process.signal(SIGKILL) }
            _ = await process.exitStatus()
        }
        try? FileManager.default.removeItem(at: dataDirectory)
    }
}

/// The cluster for a whole suite: started before its first test, removed after its last.
struct ReplicaClusterScope: SuiteTrait, TestScoping {
    @TaskLocal static var cluster: ReplicaCluster?

    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let cluster = try await ReplicaCluster.start()
        do {
            try await Self.$cluster.withValue(cluster) { try await function() }
        } catch {
            await cluster.remove()
            throw error
        }
        await cluster.remove()
    }

    static func current() throws -> ReplicaCluster {
        try #require(cluster, "the suite needs the .replicaCluster trait")
    }
}

extension Trait where Self == ReplicaClusterScope {
    static var replicaCluster: Self { ReplicaClusterScope() }
}
