import AudioIO
import CosyVoiceTesting
import Foundation
import GRDB
@testable import Synthesis
import Testing

@Suite("Speaker store: durable commits, the speaker cap and canonical ids")
struct SpeakerStoreTests {
    static func makeStore() throws -> SQLiteSpeakerStore {
        let directory = TestDirectory.fresh("speaker-store")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try SQLiteSpeakerStore(path: directory.appendingPathComponent("speakers.sqlite").path)
    }

    static func speaker(_ id: String) -> ClonedSpeaker {
        let samples = (0..<16000).map { 0.3 * sin(2 * Float.pi * 180 * Float($0) / 16000) }
        let audio = AudioChunk(samples: samples, sampleRate: 16000)
        return ClonedSpeaker(id: id, promptText: "hi", promptAudio: audio, analysis: PromptAnalysis.analyse(audio))
    }

    @Test("the store's connection commits with synchronous = FULL")
    func synchronousFull() async throws {
        let store = try Self.makeStore()
        let mode = try await store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(mode == 2)
    }

    @Test("concurrent saves of new ids never store more than the limit; replacing a stored id still works when full")
    func concurrentSavesRespectTheLimit() async throws {
        let store = try Self.makeStore()
        let saved = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<12 {
                group.addTask { (try? await store.save(Self.speaker("speaker-\(index)"), limit: 3)) != nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(saved == 3)
        let ids = try await store.speakerIDs()
        #expect(ids.count == 3)
        try await store.save(Self.speaker(ids[0]), limit: 3)
        await #expect(throws: SynthesisError.limitExceeded("the server already stores 3 cloned speakers")) {
            try await store.save(Self.speaker("one-more"), limit: 3)
        }
        #expect(try await store.count() == 3)
    }

    @Test("an id is stored in NFC and found by its NFC and NFD spellings")
    func canonicalIDs() async throws {
        let store = try Self.makeStore()
        let nfc = "Jos\u{E9}", nfd = "Jose\u{301}"
        try await store.save(Self.speaker(nfd), limit: 10)
        try await store.save(Self.speaker(nfc), limit: 10)
        let ids = try await store.speakerIDs()
        #expect(ids.map { Array($0.unicodeScalars) } == [Array(nfc.unicodeScalars)])
        #expect(try await store.profile(nfd)?.id.unicodeScalars.elementsEqual(nfc.unicodeScalars) == true)
        #expect(try await store.speaker(nfc) != nil)
    }
}
