import AudioIO
import Foundation
import GRDB
import Synchronization

/// Cloned speakers in SQLite (GRDB), in WAL mode: one table per concept, each save one transaction, so a
/// crash at any point leaves a speaker either fully present or absent, and a save that returned is on disk.
/// Ids are keyed by their ``SpeakerID/canonical(_:)`` spelling, so every canonically equivalent spelling of
/// an id finds the same speaker.
public final class SQLiteSpeakerStore: SpeakerStore {
    let pool: DatabasePool
    /// Whether the store is closed, and how many accesses are running. SQLite must never see a closed
    /// connection (that ends the process), so accesses are refused once closing begins and closing waits for
    /// those already running.
    private let gate = Mutex<(closed: Bool, running: Int)>((false, 0))

    /// Opens (creating and migrating as needed) the store at `path`.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        pool = try DatabasePool(path: path, configuration: configuration)
        // GRDB sets NORMAL on the writer when it turns WAL on, after `prepareDatabase` has run; NORMAL may lose
        // the last commits on power loss. FULL syncs the log on every commit, so a 200 from /clone means the
        // speaker survives one. Only the writer commits, and the pool keeps that one connection open.
        try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        try Self.migrator.migrate(pool)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: speakers, prompt audio, prompt features") { db in
            try db.create(table: "speaker") { t in
                t.primaryKey("id", .text)
                t.column("promptText", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "promptAudio") { t in
                t.primaryKey("speakerID", .text).references("speaker", onDelete: .cascade)
                t.column("sampleRate", .integer).notNull()
                // Mono int16 little-endian PCM at `sampleRate`.
                t.column("pcm", .blob).notNull()
            }
            try db.create(table: "promptFeatures") { t in
                t.primaryKey("speakerID", .text).references("speaker", onDelete: .cascade)
                // `PromptAnalysis` as JSON: new fields can be added without a migration.
                t.column("analysis", .text).notNull()
            }
        }
        return migrator
    }

    public func speakerIDs() async throws -> [String] {
        try await withOpenPool { try await $0.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM speaker ORDER BY createdAt, id")
        } }
    }

    public func profiles() async throws -> [SpeakerProfile] {
        try await withOpenPool { try await $0.read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.id, s.promptText, s.createdAt, f.analysis FROM speaker s
                JOIN promptFeatures f ON f.speakerID = s.id ORDER BY s.createdAt, s.id
                """).map { row in
                SpeakerProfile(id: row["id"], promptText: row["promptText"], analysis: try Self.decode(row["analysis"]),
                               createdAt: row["createdAt"])
            }
        } }
    }

    public func delete(_ id: String) async throws -> Bool {
        let id = SpeakerID.canonical(id)
        // The prompt audio and features go with the speaker row (ON DELETE CASCADE), in the same transaction.
        return try await withOpenPool { try await $0.write { db in
            try db.execute(sql: "DELETE FROM speaker WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        } }
    }

    public func count() async throws -> Int {
        try await withOpenPool { try await $0.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM speaker") ?? 0 } }
    }

    public func profile(_ id: String) async throws -> SpeakerProfile? {
        let id = SpeakerID.canonical(id)
        return try await withOpenPool { try await $0.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT s.promptText, s.createdAt, f.analysis FROM speaker s JOIN promptFeatures f ON f.speakerID = s.id
                WHERE s.id = ?
                """, arguments: [id]) else { return nil }
            return SpeakerProfile(id: id, promptText: row["promptText"], analysis: try Self.decode(row["analysis"]), createdAt: row["createdAt"])
        } }
    }

    public func speaker(_ id: String) async throws -> ClonedSpeaker? {
        let id = SpeakerID.canonical(id)
        return try await withOpenPool { try await $0.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT s.promptText, s.createdAt, f.analysis, a.sampleRate, a.pcm FROM speaker s
                JOIN promptFeatures f ON f.speakerID = s.id JOIN promptAudio a ON a.speakerID = s.id
                WHERE s.id = ?
                """, arguments: [id]) else { return nil }
            let audio = AudioChunk(samples: PCM16Encoder.floats(fromPCM16: row["pcm"]), sampleRate: row["sampleRate"])
            return ClonedSpeaker(id: id, promptText: row["promptText"], promptAudio: audio,
                                 analysis: try Self.decode(row["analysis"]), createdAt: row["createdAt"])
        } }
    }

    public func save(_ speaker: ClonedSpeaker, limit: Int) async throws {
        let id = SpeakerID.canonical(speaker.id)
        let analysis = String(decoding: try JSONEncoder().encode(speaker.analysis), as: UTF8.self)
        let pcm = PCM16Encoder.pcm16(speaker.promptAudio.samples)
        // Count and insert in one (immediate) write transaction: concurrent saves cannot both see room.
        try await withOpenPool { try await $0.write { db in
            let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM speaker WHERE id = ?)", arguments: [id]) ?? false
            if !exists, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM speaker") ?? 0 >= limit {
                throw SynthesisError.limitExceeded("the server already stores \(limit) cloned speakers")
            }
            try db.execute(sql: """
                INSERT INTO speaker (id, promptText, createdAt, updatedAt) VALUES (?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET promptText = excluded.promptText, updatedAt = excluded.updatedAt
                """, arguments: [id, speaker.promptText, speaker.createdAt, Date()])
            try db.execute(sql: "INSERT OR REPLACE INTO promptAudio (speakerID, sampleRate, pcm) VALUES (?, ?, ?)",
                           arguments: [id, speaker.promptAudio.sampleRate, pcm])
            try db.execute(sql: "INSERT OR REPLACE INTO promptFeatures (speakerID, analysis) VALUES (?, ?)",
                           arguments: [id, analysis])
        } }
    }

    /// Refuses new accesses, waits (up to 10 s) for those running to end, checkpoints the write-ahead log into
    /// the database file (leaving it empty) and closes every connection. The explicit checkpoint matters: GRDB
    /// closes the writer before the read-only readers, so SQLite's own checkpoint-on-last-close never runs.
    /// Closing twice does nothing more. Accesses still running after the wait leave the connections open (what
    /// they committed is in the log) rather than meet a closed one.
    public func close() async throws {
        let alreadyClosed = gate.withLock { state in
            defer { state.closed = true }
            return state.closed
        }
        guard !alreadyClosed else { return }
        // Its own task: a cancelled caller (a forced shutdown) must still wait and checkpoint, not spin or stop.
        try await Task { [self] in
            let deadline = ContinuousClock.now + .seconds(10)
            while gate.withLock({ $0.running }) > 0 {
                guard ContinuousClock.now < deadline else {
                    throw SpeakerStoreClosed(reason: "accesses still running after 10 s; the store was left open")
                }
                try? await Task.sleep(for: .milliseconds(5))
            }
            _ = try await pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
            try pool.close()
        }.value
    }

    /// Runs `body` on the pool unless the store is closed (then it throws ``SpeakerStoreClosed``).
    private func withOpenPool<Value>(_ body: (DatabasePool) async throws -> Value) async throws -> Value {
        try gate.withLock { state throws(SpeakerStoreClosed) in
            guard !state.closed else { throw SpeakerStoreClosed() }
            state.running += 1
        }
        defer { gate.withLock { $0.running -= 1 } }
        return try await body(pool)
    }

    private static func decode(_ json: String) throws -> PromptAnalysis {
        try JSONDecoder().decode(PromptAnalysis.self, from: Data(json.utf8))
    }
}

/// The speaker store is closed (the server is shutting down), or could not close.
public struct SpeakerStoreClosed: Error, CustomStringConvertible {
    var reason = "the speaker store is closed"
    public var description: String { reason }
}
