import AudioIO
import CosyVoiceTesting
import Foundation
import GRDB
import Logging
@testable import Synthesis
import Testing

/// What every speaker store backend promises (`SpeakerStore`), checked on SQLite and on a real PostgreSQL
/// server the suite starts: the same answers to the same calls, so the API behaves the same on both.
@Suite("Speaker store contract: SQLite and PostgreSQL answer alike", .temporaryPostgres)
struct SpeakerStoreContractTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case sqlite, postgres
        var testDescription: String { rawValue }
    }

    static let logger = Logger(label: "store-contract")

    /// Opens `count` stores on one fresh database of `backend` (several = several replicas), runs `body`, and
    /// closes and removes everything after.
    static func withStores(_ backend: Backend, count: Int = 1, _ body: ([any SpeakerStore]) async throws -> Void) async throws {
        var stores: [any SpeakerStore] = []
        var directory: URL?
        do {
            switch backend {
            case .sqlite:
                let folder = RunningServer.temporaryDirectory()
                directory = folder
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                for _ in 0..<count { stores.append(try SQLiteSpeakerStore(path: folder.appendingPathComponent("speakers.sqlite").path)) }
            case .postgres:
                let settings = try await PostgresScope.current().makeDatabase()
                for _ in 0..<count { stores.append(try await PostgresSpeakerStore.open(settings, logger: logger)) }
            }
            try await body(stores)
        } catch {
            for store in stores { try? await store.close() }
            if let directory { try? FileManager.default.removeItem(at: directory) }
            throw error
        }
        for store in stores { try await store.close() }
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    static func speaker(_ id: String, text: String = "hi", hz: Float = 180, createdAt: Date = Date()) -> ClonedSpeaker {
        let samples = (0..<16000).map { 0.3 * sin(2 * Float.pi * hz * Float($0) / 16000) }
        let audio = AudioChunk(samples: samples, sampleRate: 16000)
        return ClonedSpeaker(id: id, promptText: text, promptAudio: audio, analysis: PromptAnalysis.analyse(audio), createdAt: createdAt)
    }

    @Test("a saved speaker reads back whole: transcript, analysis, int16 audio at its rate", arguments: Backend.allCases)
    func savedSpeakerReadsBack(_ backend: Backend) async throws {
        try await Self.withStores(backend) { stores in
            let store = stores[0]
            let saved = Self.speaker("小明", text: "希望你以后能够做的比我还好呦。")
            try await store.save(saved, limit: 10)
            let read = try #require(try await store.speaker("小明"))
            #expect(read.promptText == saved.promptText)
            #expect(read.analysis == saved.analysis)
            #expect(read.promptAudio.sampleRate == 16000)
            #expect(read.promptAudio.samples == PCM16Encoder.floats(fromPCM16: PCM16Encoder.pcm16(saved.promptAudio.samples)))
            #expect(abs(read.createdAt.timeIntervalSince(saved.createdAt)) < 0.002)
            let profile = try #require(try await store.profile("小明"))
            #expect(profile.analysis == saved.analysis)
            #expect(try await store.profiles().map(\.id) == ["小明"])
            #expect(try await store.count() == 1)
            #expect(try await store.speaker("nobody") == nil)
            #expect(try await store.profile("nobody") == nil)
        }
    }

    @Test("ids list oldest first, equal times in code-point order", arguments: Backend.allCases)
    func order(_ backend: Backend) async throws {
        try await Self.withStores(backend) { stores in
            let store = stores[0]
            let first = Date(timeIntervalSince1970: 1_700_000_000)
            let later = first.addingTimeInterval(60)
            for (id, date) in [("b", later), ("Z", later), ("é", later), ("a", later), ("old", first)] {
                try await store.save(Self.speaker(id, createdAt: date), limit: 10)
            }
            #expect(try await store.speakerIDs() == ["old", "Z", "a", "b", "é"])
            #expect(try await store.profiles().map(\.id) == ["old", "Z", "a", "b", "é"])
        }
    }

    @Test("an id is stored in NFC and found by its NFC and NFD spellings", arguments: Backend.allCases)
    func canonicalIDs(_ backend: Backend) async throws {
        try await Self.withStores(backend) { stores in
            let store = stores[0]
            let nfc = "Jos\u{E9}", nfd = "Jose\u{301}"
            try await store.save(Self.speaker(nfd), limit: 10)
            try await store.save(Self.speaker(nfc), limit: 10)
            #expect(try await store.speakerIDs().map { Array($0.unicodeScalars) } == [Array(nfc.unicodeScalars)])
            #expect(try await store.profile(nfd)?.id.unicodeScalars.elementsEqual(nfc.unicodeScalars) == true)
            #expect(try await store.speaker(nfc) != nil)
            #expect(try await store.delete(nfd))
            #expect(try await store.count() == 0)
        }
    }

    @Test("re-cloning an id replaces its prompt and keeps when it was first cloned", arguments: Backend.allCases)
    func recloneReplaces(_ backend: Backend) async throws {
        try await Self.withStores(backend) { stores in
            let store = stores[0]
            let created = Date(timeIntervalSince1970: 1_700_000_000)
            try await store.save(Self.speaker("voice", text: "first", hz: 180, createdAt: created), limit: 1)
            try await store.save(Self.speaker("voice", text: "second", hz: 240), limit: 1)
            let read = try #require(try await store.speaker("voice"))
            #expect(read.promptText == "second")
            #expect(read.analysis == Self.speaker("voice", hz: 240).analysis)
            #expect(abs(read.createdAt.timeIntervalSince(created)) < 0.002)
            #expect(try await store.count() == 1)
        }
    }

    @Test("concurrent saves through several stores on one database never exceed the cap; replacing still works when full",
          arguments: Backend.allCases)
    func capAcrossReplicas(_ backend: Backend) async throws {
        try await Self.withStores(backend, count: 3) { stores in
            let saved = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<12 {
                    let store = stores[index % stores.count]
                    group.addTask { (try? await store.save(Self.speaker("speaker-\(index)"), limit: 3)) != nil }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(saved == 3)
            let ids = try await stores[1].speakerIDs()
            #expect(ids.count == 3)
            try await stores[2].save(Self.speaker(ids[0], text: "again"), limit: 3)
            await #expect(throws: SynthesisError.limitExceeded("the server already stores 3 cloned speakers")) {
                try await stores[0].save(Self.speaker("one-more"), limit: 3)
            }
            #expect(try await stores[0].count() == 3)
        }
    }

    @Test("a speaker saved through one store is read, listed and deleted through another at once", arguments: Backend.allCases)
    func sharedAcrossReplicas(_ backend: Backend) async throws {
        try await Self.withStores(backend, count: 2) { stores in
            let (one, two) = (stores[0], stores[1])
            #expect(try await two.speaker("shared") == nil)
            try await one.save(Self.speaker("shared", text: "one"), limit: 10)
            #expect(try await two.speaker("shared")?.promptText == "one")
            try await two.save(Self.speaker("shared", text: "two"), limit: 10)
            #expect(try await one.profile("shared")?.promptText == "two")
            #expect(try await two.delete("shared"))
            #expect(try await one.speaker("shared") == nil)
            #expect(try await one.speakerIDs().isEmpty)
        }
    }

    @Test("deleting removes the speaker with its audio and analysis; the id is free again", arguments: Backend.allCases)
    func deleteFreesTheID(_ backend: Backend) async throws {
        try await Self.withStores(backend) { stores in
            let store = stores[0]
            try await store.save(Self.speaker("gone"), limit: 1)
            #expect(try await store.delete("gone"))
            #expect(try await store.delete("gone") == false)
            #expect(try await store.speaker("gone") == nil)
            #expect(try await store.profile("gone") == nil)
            #expect(try await store.count() == 0)
            try await store.save(Self.speaker("new"), limit: 1)
            #expect(try await store.speakerIDs() == ["new"])
        }
    }

    @Test("both backends hold the same tables and columns, at the same schema version", arguments: Backend.allCases)
    func sameSchema(_ backend: Backend) async throws {
        let expectedTables: [String: Set<String>] = [
            "speaker": ["id", "promptText", "createdAt", "updatedAt"],
            "promptAudio": ["speakerID", "sampleRate", "pcm"],
            "promptFeatures": ["speakerID", "analysis"],
        ]
        switch backend {
        case .sqlite:
            let directory = RunningServer.temporaryDirectory()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = try SQLiteSpeakerStore(path: directory.appendingPathComponent("speakers.sqlite").path)
            let (migrations, tables) = try await store.pool.read { db in
                (try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid"),
                 try Dictionary(uniqueKeysWithValues: expectedTables.keys.map { ($0, Set(try db.columns(in: $0).map(\.name))) }))
            }
            try await store.close()
            #expect(migrations == PostgresSpeakerStore.migrations.map(\.identifier))
            #expect(tables == expectedTables)
        case .postgres:
            let settings = try await PostgresScope.current().makeDatabase()
            let store = try await PostgresSpeakerStore.open(settings, logger: Self.logger)
            let migrations = try await store.appliedMigrations()
            var tables: [String: Set<String>] = [:]
            let rows = try await store.client.query("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'")
            for try await (table, column) in rows.decode((String, String).self) where table != "schema_migrations" {
                tables[table, default: []].insert(column)
            }
            try await store.close()
            #expect(migrations == PostgresSpeakerStore.migrations.map(\.identifier))
            #expect(tables == expectedTables)
        }
    }

    @Test("a closed store refuses further use", arguments: Backend.allCases)
    func closedStoreRefuses(_ backend: Backend) async throws {
        try await Self.withStores(backend) { stores in
            try await stores[0].close()
            await #expect(throws: SpeakerStoreClosed.self) { _ = try await stores[0].count() }
        }
    }
}
