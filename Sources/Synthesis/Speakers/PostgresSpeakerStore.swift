import AudioIO
import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO
import Synchronization

/// Cloned speakers in PostgreSQL, shared by every replica that names the same database: a clone saved through
/// one replica is what the next request on any other reads, since nothing is cached here. The tables, their
/// columns and the versioned migrations are the SQLite store's (``PostgresSpeakerStore/migrations``).
///
/// A pool of connections (PostgresNIO's `PostgresClient`) reconnects by itself; while the database is down
/// every operation throws ``SpeakerStoreUnavailable`` within ``PostgresStoreSettings/operationTimeout`` and
/// logs the driver's error, and the first operation after it returns succeeds again.
public final class PostgresSpeakerStore: SpeakerStore {
    let client: PostgresClient
    let settings: PostgresStoreSettings
    let logger: Logger
    /// Runs the pool from opening to ``close()``: the pool cannot lease connections without it.
    private let runner: Task<Void, Never>
    /// Whether the migrations are known to be applied; until then every operation applies them first.
    private let migrated = Atomic(false)
    private let closed = Atomic(false)

    /// Opens the pool and applies the migrations. A database that is unreachable now is not an error: the
    /// server starts not ready, and the first operation that reaches the database migrates it. A database
    /// that answers with a refusal (wrong password, no such database) is, so a misconfiguration stops the start.
    public static func open(_ settings: PostgresStoreSettings, logger: Logger) async throws -> PostgresSpeakerStore {
        // One connection of its own first: the pool retries a refused login exactly as it retries an unreachable
        // host, and a wrong password or database name must stop the start with the server's reason instead.
        do {
            let configuration = try connectionConfiguration(settings)
            try await Deadline.run(seconds: settings.operationTimeout) {
                let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
                try? await connection.close()
            }
        } catch is Deadline.Passed {
            logger.warning("speaker store unreachable at start; will retry on use", metadata: ["store": "\(settings.redacted)"])
        } catch where PostgresFailure.isUnreachable(error) {
            logger.warning("speaker store unreachable at start; will retry on use",
                           metadata: ["store": "\(settings.redacted)", "reason": "\(PostgresFailure.summary(error))"])
        } catch {
            throw PostgresFailure(operation: "connect to \(settings.redacted)", cause: PostgresFailure.summary(error))
        }
        let store = PostgresSpeakerStore(settings: settings, logger: logger)
        do {
            try await Deadline.run(seconds: settings.operationTimeout) { try await store.migrateIfNeeded() }
            logger.info("speaker store", metadata: ["store": "\(settings.redacted)"])
        } catch is SpeakerStoreUnavailable, is Deadline.Passed {
            logger.warning("speaker store not migrated at start; will retry on use", metadata: ["store": "\(settings.redacted)"])
        } catch {
            try? await store.close()
            throw PostgresFailure(operation: "migrate \(settings.redacted)", cause: PostgresFailure.summary(error))
        }
        return store
    }

    private static func connectionConfiguration(_ settings: PostgresStoreSettings) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS = switch settings.tls {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(host: settings.host, port: settings.port, username: settings.username,
                                                             password: settings.password, database: settings.database, tls: tls)
        configuration.options.connectTimeout = .milliseconds(Int64(settings.operationTimeout * 1000))
        return configuration
    }

    private init(settings: PostgresStoreSettings, logger: Logger) {
        var configuration = PostgresClient.Configuration(
            host: settings.host, port: settings.port, username: settings.username, password: settings.password,
            database: settings.database, tls: Self.tls(settings.tls))
        configuration.options.maximumConnections = settings.poolSize
        configuration.options.connectTimeout = .milliseconds(Int64(settings.operationTimeout * 1000))
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.settings = settings
        self.logger = logger
        runner = Task { await client.run() }
    }

    private static func tls(_ mode: PostgresStoreSettings.TLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    // MARK: - SpeakerStore

    public func speakerIDs() async throws -> [String] {
        try await operation("list ids") { client in
            // COLLATE "C": code-point order on ties, as SQLite's BINARY, whatever the database's collation.
            let rows = try await client.query(#"SELECT id FROM speaker ORDER BY "createdAt", id COLLATE "C""#)
            var ids: [String] = []
            for try await id in rows.decode(String.self) { ids.append(id) }
            return ids
        }
    }

    public func profiles() async throws -> [SpeakerProfile] {
        try await operation("list profiles") { client in
            let rows = try await client.query(#"""
                SELECT s.id, s."promptText", s."createdAt", f.analysis FROM speaker s
                JOIN "promptFeatures" f ON f."speakerID" = s.id ORDER BY s."createdAt", s.id COLLATE "C"
                """#)
            var profiles: [SpeakerProfile] = []
            for try await (id, promptText, createdAt, analysis) in rows.decode((String, String, Date, String).self) {
                profiles.append(SpeakerProfile(id: id, promptText: promptText, analysis: try Self.decode(analysis), createdAt: createdAt))
            }
            return profiles
        }
    }

    public func profile(_ id: String) async throws -> SpeakerProfile? {
        let id = SpeakerID.canonical(id)
        return try await operation("read profile") { client in
            let rows = try await client.query(#"""
                SELECT s."promptText", s."createdAt", f.analysis FROM speaker s JOIN "promptFeatures" f ON f."speakerID" = s.id
                WHERE s.id = \#(id)
                """#)
            for try await (promptText, createdAt, analysis) in rows.decode((String, Date, String).self) {
                return SpeakerProfile(id: id, promptText: promptText, analysis: try Self.decode(analysis), createdAt: createdAt)
            }
            return nil
        }
    }

    public func speaker(_ id: String) async throws -> ClonedSpeaker? {
        let id = SpeakerID.canonical(id)
        return try await operation("read speaker") { client in
            let rows = try await client.query(#"""
                SELECT s."promptText", s."createdAt", f.analysis, a."sampleRate", a.pcm FROM speaker s
                JOIN "promptFeatures" f ON f."speakerID" = s.id JOIN "promptAudio" a ON a."speakerID" = s.id
                WHERE s.id = \#(id)
                """#)
            for try await (promptText, createdAt, analysis, sampleRate, pcm) in rows.decode((String, Date, String, Int, Data).self) {
                let audio = AudioChunk(samples: PCM16Encoder.floats(fromPCM16: pcm), sampleRate: sampleRate)
                return ClonedSpeaker(id: id, promptText: promptText, promptAudio: audio, analysis: try Self.decode(analysis), createdAt: createdAt)
            }
            return nil
        }
    }

    public func save(_ speaker: ClonedSpeaker, limit: Int) async throws {
        let id = SpeakerID.canonical(speaker.id)
        let analysis = String(decoding: try JSONEncoder().encode(speaker.analysis), as: UTF8.self)
        let pcm = PCM16Encoder.pcm16(speaker.promptAudio.samples)
        let (promptText, createdAt, sampleRate, now) = (speaker.promptText, speaker.createdAt, speaker.promptAudio.sampleRate, Date())
        let (logger, timeout) = (self.logger, settings.operationTimeout)
        try await operation("save speaker") { client in
            try await client.withTransaction(logger: logger) { connection in
                // The database bounds this transaction itself: a save given up on by its deadline must not leave
                // its connection waiting on the lock, or holding it, for ever.
                for bound in Self.transactionBounds(seconds: timeout) {
                    try await connection.query(PostgresQuery(unsafeSQL: bound), logger: logger)
                }
                // Every replica's saves take this one lock for the count and the insert, so concurrent saves
                // anywhere never store more than `limit`. It is released with the transaction.
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.saveLockKey))", logger: logger)
                var exists = false
                for try await _ in try await connection.query("SELECT 1 FROM speaker WHERE id = \(id)", logger: logger) { exists = true }
                if !exists {
                    var count = 0
                    for try await n in try await connection.query("SELECT COUNT(*) FROM speaker", logger: logger).decode(Int.self) { count = n }
                    if count >= limit { throw SynthesisError.limitExceeded("the server already stores \(limit) cloned speakers") }
                }
                try await connection.query(#"""
                    INSERT INTO speaker (id, "promptText", "createdAt", "updatedAt") VALUES (\#(id), \#(promptText), \#(createdAt), \#(now))
                    ON CONFLICT (id) DO UPDATE SET "promptText" = EXCLUDED."promptText", "updatedAt" = EXCLUDED."updatedAt"
                    """#, logger: logger)
                try await connection.query(#"""
                    INSERT INTO "promptAudio" ("speakerID", "sampleRate", pcm) VALUES (\#(id), \#(sampleRate), \#(pcm))
                    ON CONFLICT ("speakerID") DO UPDATE SET "sampleRate" = EXCLUDED."sampleRate", pcm = EXCLUDED.pcm
                    """#, logger: logger)
                try await connection.query(#"""
                    INSERT INTO "promptFeatures" ("speakerID", analysis) VALUES (\#(id), \#(analysis))
                    ON CONFLICT ("speakerID") DO UPDATE SET analysis = EXCLUDED.analysis
                    """#, logger: logger)
            }
        }
    }

    public func delete(_ id: String) async throws -> Bool {
        let id = SpeakerID.canonical(id)
        // The prompt audio and features go with the speaker row (ON DELETE CASCADE), in the same statement.
        return try await operation("delete speaker") { client in
            var deleted = false
            for try await _ in try await client.query("DELETE FROM speaker WHERE id = \(id) RETURNING id") { deleted = true }
            return deleted
        }
    }

    public func count() async throws -> Int {
        try await operation("count") { client in
            var count = 0
            for try await n in try await client.query("SELECT COUNT(*) FROM speaker").decode(Int.self) { count = n }
            return count
        }
    }

    /// Stops the pool. Later operations throw ``SpeakerStoreClosed``.
    public func close() async throws {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        runner.cancel()
        await runner.value
    }

    // MARK: - Operations

    /// `SET LOCAL` statements that make PostgreSQL end the transaction's waits and idle time a second after the
    /// operation's own deadline: the caller has its 503 by then, and the database cleans up what was given up
    /// (whole milliseconds of a number this store chose, so it is written into the SQL, not bound).
    static func transactionBounds(seconds: Double) -> [String] {
        let milliseconds = Int((seconds + 1) * 1000)
        return ["lock_timeout", "statement_timeout", "idle_in_transaction_session_timeout"].map { "SET LOCAL \($0) = \(milliseconds)" }
    }

    /// The key of the advisory lock every save takes (any 64-bit number other users of the database do not use).
    static let saveLockKey: Int64 = 0x636f_7379_7370_6b01

    /// Runs one store operation: migrations first if not yet known applied, the whole within the operation
    /// timeout, and every failure to reach the database as ``SpeakerStoreUnavailable`` (its cause logged).
    private func operation<Value: Sendable>(_ name: String, _ body: @escaping @Sendable (PostgresClient) async throws -> Value) async throws -> Value {
        guard !closed.load(ordering: .acquiring) else { throw SpeakerStoreClosed() }
        let client = self.client
        do {
            return try await Deadline.run(seconds: settings.operationTimeout) { [self] in
                try await migrateIfNeeded()
                return try await body(client)
            }
        } catch where PostgresFailure.cause(error) is SynthesisError {
            throw PostgresFailure.cause(error)
        } catch is Deadline.Passed {
            logger.warning("speaker store unreachable", metadata: ["operation": "\(name)", "reason": "no answer within \(settings.operationTimeout) s"])
            throw SpeakerStoreUnavailable()
        } catch where PostgresFailure.isUnreachable(error) {
            logger.warning("speaker store unreachable", metadata: ["operation": "\(name)", "reason": "\(PostgresFailure.summary(error))"])
            throw SpeakerStoreUnavailable()
        } catch {
            throw PostgresFailure(operation: name, cause: PostgresFailure.summary(error))
        }
    }

    private static func decode(_ json: String) throws -> PromptAnalysis {
        try JSONDecoder().decode(PromptAnalysis.self, from: Data(json.utf8))
    }

    /// Applies the migrations unless already known applied (then it costs nothing).
    func migrateIfNeeded() async throws {
        guard !migrated.load(ordering: .acquiring) else { return }
        do {
            try await Self.migrate(client, logger: logger)
        } catch where PostgresFailure.isUnreachable(error) {
            logger.warning("speaker store unreachable", metadata: ["operation": "migrate", "reason": "\(PostgresFailure.summary(error))"])
            throw SpeakerStoreUnavailable()
        }
        migrated.store(true, ordering: .releasing)
    }
}
