import AudioIO
import CosyVoiceTesting
import Foundation
import Logging
@testable import Synthesis
import Testing

/// What only the PostgreSQL store has to get right: replicas starting together, a database that goes away and
/// comes back, and its settings.
@Suite("PostgreSQL speaker store: migrations under a race, outages, recovery", .temporaryPostgres)
struct PostgresSpeakerStoreTests {
    static let logger = Logger(label: "postgres-store")

    @Test("eight stores opened at once on an empty database migrate it once, and all work")
    func concurrentMigrations() async throws {
        let settings = try await PostgresScope.current().makeDatabase()
        let stores = try await withThrowingTaskGroup(of: PostgresSpeakerStore.self) { group in
            for _ in 0..<8 { group.addTask { try await PostgresSpeakerStore.open(settings, logger: Self.logger) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for (index, store) in stores.enumerated() {
            try await store.save(SpeakerStoreContractTests.speaker("replica-\(index)"), limit: 100)
        }
        #expect(try await stores[0].count() == 8)
        #expect(try await stores[3].appliedMigrations() == PostgresSpeakerStore.migrations.map(\.identifier))
        for store in stores { try await store.close() }
    }

    @Test("with the database down every operation fails as unavailable within its deadline; once it is back the same store works")
    func outageAndRecovery() async throws {
        // A server of its own: the suite's is shared with tests running meanwhile.
        let postgres = try await TemporaryPostgres.start()
        do {
            let settings = try await postgres.makeDatabase(operationTimeout: 15)
            let store = try await PostgresSpeakerStore.open(settings, logger: Self.logger)
            try await store.save(SpeakerStoreContractTests.speaker("kept"), limit: 10)

            await postgres.stopServer(SIGKILL)
            let start = ContinuousClock.now
            await #expect(throws: SpeakerStoreUnavailable.self) { _ = try await store.count() }
            await #expect(throws: SpeakerStoreUnavailable.self) { _ = try await store.speaker("kept") }
            await #expect(throws: SpeakerStoreUnavailable.self) { try await store.save(SpeakerStoreContractTests.speaker("new"), limit: 10) }
            await #expect(throws: SpeakerStoreUnavailable.self) { _ = try await store.delete("kept") }
            // Four operations, each bounded by its 15 s deadline (with room for a loaded machine).
            #expect(ContinuousClock.now - start < .seconds(120))

            try await postgres.startServer()
            var recovered = false
            for _ in 0..<600 where !recovered {
                recovered = (try? await store.count()) == 1
                if !recovered { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(recovered, "the store did not reconnect after the database came back")
            #expect(try await store.speaker("kept")?.promptText == "hi")
            try await store.save(SpeakerStoreContractTests.speaker("after"), limit: 10)
            #expect(try await store.speakerIDs().sorted() == ["after", "kept"])
            try await store.close()
        } catch {
            await postgres.remove()
            throw error
        }
        await postgres.remove()
    }

    @Test("an unreachable database at start is not fatal: the store opens and migrates on first use")
    func startsBeforeTheDatabase() async throws {
        let postgres = try await TemporaryPostgres.start()
        do {
            let settings = try await postgres.makeDatabase(operationTimeout: 15)
            await postgres.stopServer()
            let store = try await PostgresSpeakerStore.open(settings, logger: Self.logger)
            await #expect(throws: SpeakerStoreUnavailable.self) { _ = try await store.count() }
            try await postgres.startServer()
            var count: Int?
            for _ in 0..<600 where count == nil {
                count = try? await store.count()
                if count == nil { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(count == 0)
            #expect(try await store.appliedMigrations() == PostgresSpeakerStore.migrations.map(\.identifier))
            try await store.close()
        } catch {
            await postgres.remove()
            throw error
        }
        await postgres.remove()
    }

    @Test("a wrong password stops the start with the server's reason, not a hang")
    func wrongPassword() async throws {
        var settings = try await PostgresScope.current().makeDatabase()
        settings.password = "not-the-password"
        let error = await #expect(throws: (any Error).self) { _ = try await PostgresSpeakerStore.open(settings, logger: Self.logger) }
        #expect(error is PostgresFailure)
        #expect(String(describing: error ?? PostgresFailure(operation: "", cause: "")).contains("password authentication failed"))
        #expect(!String(describing: error ?? PostgresFailure(operation: "", cause: "")).contains("not-the-password"))
    }

    @Test("store URLs: parts, defaults, sslmode, and refusals that never echo the password")
    func settingsFromURL() throws {
        let settings = try PostgresStoreSettings(url: "postgres://app:s%40cret@db.internal:6543/voices?sslmode=require", poolSize: 3)
        #expect(settings.host == "db.internal")
        #expect(settings.port == 6543)
        #expect(settings.username == "app")
        #expect(settings.password == "s@cret")
        #expect(settings.database == "voices")
        #expect(settings.tls == .require)
        #expect(settings.poolSize == 3)
        #expect(settings.redacted == "postgres://app@db.internal:6543/voices")
        let plain = try PostgresStoreSettings(url: "postgresql://app@localhost/voices")
        #expect(plain.port == 5432 && plain.password == nil && plain.tls == .prefer)
        for bad in ["mysql://app:pw@h/db", "postgres://app:pw@h", "postgres://:pw@h/db", "postgres://app:pw@h/db?sslmode=maybe", "not a url"] {
            let error = #expect(throws: InvalidStoreURL.self) { try PostgresStoreSettings(url: bad) }
            #expect(error?.description.contains("pw") == false, "\(bad)")
        }
    }
}
