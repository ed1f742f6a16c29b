import CosyVoiceTesting
import Foundation
import Synthesis
import Testing

@Suite("/clone: the speaker cap holds under concurrency, ids are canonical and visible, a full server refuses")
struct CloneHardeningTests {
    static func clone(_ server: TestServer, _ id: String) async throws -> Reply {
        try await server.send(.POST, "/clone", .multipart(["spk_id": id, "prompt_text": TestAudio.promptText],
                                                          files: ["prompt_audio": ("prompt.wav", TestAudio.prompt)]))
    }

    /// The cloned ids `/available_spks` lists (every id there that is not built in).
    static func clonedSpeakers(_ server: TestServer) async throws -> [String] {
        let reply = try await server.send(.GET, "/available_spks")
        #expect(reply.status == 200)
        let builtIn = Set(server.service.catalog.speakerIDs)
        return (reply.json["speakers"] as? [String] ?? []).filter { !builtIn.contains($0) }
    }

    @Test("8 concurrent clones of distinct ids against --max-speakers 3: exactly 3 stored, the rest 400 naming the cap")
    func concurrentClonesRespectTheCap() async throws {
        try await TestServer.run(configure: { $0.limits.maxClonedSpeakers = 3; $0.maxActiveJobs = 8 }) { server in
            let replies = try await withThrowingTaskGroup(of: (String, Reply).self) { group in
                for index in 0..<8 {
                    group.addTask { ("克隆\(index)", try await Self.clone(server, "克隆\(index)")) }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            let stored = replies.filter { $0.value.status == 200 }.keys
            #expect(stored.count == 3)
            for (id, reply) in replies where reply.status != 200 {
                #expect(reply.status == 400, "\(id): \(reply.status)")
                #expect(reply.detail == "the server already stores 3 cloned speakers", "\(id): \(reply.detail ?? "nil")")
            }
            #expect(Set(try await Self.clonedSpeakers(server)) == Set(stored))
        }
    }

    @Test("NFC and NFD spellings of an id are one speaker, stored in NFC, and /tts finds it by either")
    func canonicallyEquivalentIDsAreOneSpeaker() async throws {
        let nfc = "Jos\u{E9}小红", nfd = "Jose\u{301}小红"
        try await TestServer.run { server in
            #expect(try await Self.clone(server, nfc).status == 200)
            let second = try await Self.clone(server, nfd)
            #expect(second.status == 200)
            #expect((second.json["spk_id"] as? String)?.unicodeScalars.elementsEqual(nfc.unicodeScalars) == true)
            let cloned = try await Self.clonedSpeakers(server)
            #expect(cloned.map { Array($0.unicodeScalars) } == [Array(nfc.unicodeScalars)])
            for id in [nfd, nfc] {
                let speech = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "你好。", "spk_id": id]))
                #expect(speech.status == 200, "\(speech.detail ?? "")")
                #expect(speech.pcmSeconds > 0.2)
            }
            let prompted = try await server.send(.POST, "/tts/zero_shot", .json(["tts_text": "你好。", "prompt_text": "", "spk_id": nfd]))
            #expect(prompted.status == 200, "\(prompted.detail ?? "")")
        }
    }

    @Test("ids with invisible format characters or only whitespace get 400 naming the rule, and nothing is stored")
    func invisibleAndBlankIDsAreRefused() async throws {
        let refused: [(id: String, rule: String)] = [
            ("小\u{200B}红", "an invisible format character (U+200B)"),
            ("小\u{2060}红", "an invisible format character (U+2060)"),
            ("小\u{FEFF}红", "an invisible format character (U+FEFF)"),
            ("小红\u{202E}abc", "an invisible format character (U+202E)"),
            ("小\u{E000}红", "a private-use character (U+E000)"),
            ("小\u{2028}红", "a line or paragraph separator (U+2028)"),
            (" \u{3000}\u{A0} ", "only whitespace"),
        ]
        try await TestServer.run { server in
            for (id, rule) in refused {
                let reply = try await Self.clone(server, id)
                #expect(reply.status == 400, "\(id.unicodeScalars.map { String($0.value, radix: 16) })")
                #expect(reply.detail?.contains(rule) == true, "detail: \(reply.detail ?? "nil")")
            }
            #expect(try await Self.clonedSpeakers(server).isEmpty)
            #expect(try await Self.clone(server, "小红").status == 200)
        }
    }

    @Test("/clone on a full server answers 429 with Retry-After and stores nothing; it works once there is room")
    func fullServerRefusesClones() async throws {
        try await TestServer.run(configure: { $0.maxActiveJobs = 1; $0.maxQueuedJobs = 0 }) { server in
            var held: SynthesisStream? = try await server.service.prepare(SynthesisRequest(mode: .sft(speakerID: "中文女"), text: "你好"))
            let reply = try await Self.clone(server, "小红")
            #expect(reply.status == 429)
            #expect(reply.header("Retry-After").flatMap(Int.init) != nil)
            #expect(reply.isErrorDocument)
            #expect(try await Self.clonedSpeakers(server).isEmpty)
            withExtendedLifetime(held) {}
            held = nil
            #expect(try await Self.clone(server, "小红").status == 200)
            #expect(try await Self.clonedSpeakers(server) == ["小红"])
        }
    }
}
