import Logging
import PostgresNIO

extension PostgresSpeakerStore {
    /// One schema version: its identifier and the statements that make it.
    struct Migration: Sendable {
        var identifier: String
        var statements: [String]
    }

    /// The schema's versions, oldest first. Identifiers and tables are the SQLite store's
    /// (``SQLiteSpeakerStore/migrator``), so both backends hold the same speaker, prompt audio and prompt
    /// features, and a new version is added to both under the same identifier.
    static let migrations: [Migration] = [
        Migration(identifier: "v1: speakers, prompt audio, prompt features", statements: [
            #"""
            CREATE TABLE speaker (
                id TEXT PRIMARY KEY NOT NULL,
                "promptText" TEXT NOT NULL,
                "createdAt" TIMESTAMPTZ NOT NULL,
                "updatedAt" TIMESTAMPTZ NOT NULL)
            """#,
            // Mono int16 little-endian PCM at "sampleRate".
            #"""
            CREATE TABLE "promptAudio" (
                "speakerID" TEXT PRIMARY KEY NOT NULL REFERENCES speaker(id) ON DELETE CASCADE,
                "sampleRate" INTEGER NOT NULL,
                pcm BYTEA NOT NULL)
            """#,
            // `PromptAnalysis` as JSON: new fields can be added without a migration.
            #"""
            CREATE TABLE "promptFeatures" (
                "speakerID" TEXT PRIMARY KEY NOT NULL REFERENCES speaker(id) ON DELETE CASCADE,
                analysis TEXT NOT NULL)
            """#,
        ]),
    ]

    /// The key of the advisory lock the migrations run under.
    static let migrationLockKey: Int64 = 0x636f_7379_7370_6b00

    /// Applies the migrations not yet applied, each recorded in `schema_migrations`, all in one transaction
    /// under an advisory lock: replicas starting together wait for the first, then find nothing left to do.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLockKey))", logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS schema_migrations (identifier TEXT PRIMARY KEY NOT NULL, "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now())
                """, logger: logger)
            var applied: Set<String> = []
            for try await identifier in try await connection.query("SELECT identifier FROM schema_migrations", logger: logger).decode(String.self) {
                applied.insert(identifier)
            }
            for migration in migrations where !applied.contains(migration.identifier) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO schema_migrations (identifier) VALUES (\(migration.identifier))", logger: logger)
                logger.info("speaker store migrated", metadata: ["migration": "\(migration.identifier)"])
            }
        }
    }

    /// The identifiers of the applied migrations, oldest first (what the contract tests compare across backends).
    public func appliedMigrations() async throws -> [String] {
        try await migrateIfNeeded()
        var identifiers: [String] = []
        let rows = try await client.query(#"SELECT identifier FROM schema_migrations ORDER BY "appliedAt", identifier"#)
        for try await identifier in rows.decode(String.self) { identifiers.append(identifier) }
        return identifiers
    }
}
