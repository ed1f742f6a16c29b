import CosyVoiceTesting
import Foundation
import Testing

@Suite("GET /speakers lists every usable speaker; DELETE /speakers/{id} removes a cloned one")
struct SpeakersTests {
    static func clone(_ id: String, on server: TestServer) async throws -> Reply {
        try await server.send(.POST, "/clone", .multipart(
            ["prompt_text": TestAudio.promptText, "spk_id": id], files: ["prompt_audio": ("p.wav", TestAudio.prompt)]))
    }

    static func speakers(on server: TestServer, headers: [(String, String)] = []) async throws -> [[String: Any]] {
        try await server.send(.GET, "/speakers", headers: headers).json["speakers"] as? [[String: Any]] ?? []
    }

    static func path(_ id: String) -> String {
        "/speakers/" + (id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? id)
    }

    @Test("built-in speakers come first with language and gender; a clone follows with its creation time")
    func listsBuiltInAndCloned() async throws {
        try await TestServer.run { server in
            let before = Date()
            #expect(try await Self.clone("小红", on: server).status == 200)
            let reply = try await server.send(.GET, "/speakers")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "application/json")
            let speakers = reply.json["speakers"] as? [[String: Any]] ?? []
            let available = try await server.send(.GET, "/available_spks").json["speakers"] as? [String] ?? []
            #expect(speakers.map { $0["id"] as? String } == available.map(Optional.some))

            let female = try #require(speakers.first { $0["id"] as? String == "中文女" })
            #expect(female["kind"] as? String == "built-in")
            #expect(female["created"] is NSNull)
            #expect(female["language"] as? String == "zh")
            #expect(female["gender"] as? String == "female")

            let cloned = try #require(speakers.last)
            #expect(cloned["id"] as? String == "小红")
            #expect(cloned["kind"] as? String == "cloned")
            #expect(cloned["language"] as? String == "zh")
            #expect(cloned["gender"] as? String == "female")
            let created = try #require((cloned["created"] as? String).flatMap { try? Date($0, strategy: .iso8601) })
            #expect(abs(created.timeIntervalSince(before)) < 60)
        }
    }

    @Test("deleting a clone removes it everywhere, and the id can be cloned again")
    func deletesACloneCompletely() async throws {
        try await TestServer.run { server in
            #expect(try await Self.clone("小红", on: server).status == 200)
            let deleted = try await server.send(.DELETE, Self.path("小红"))
            #expect(deleted.status == 200)
            #expect(deleted.json["status"] as? String == "deleted")
            #expect(deleted.json["spk_id"] as? String == "小红")

            #expect(try await server.service.store.speaker("小红") == nil)
            #expect(try await server.service.store.count() == 0)
            let available = try await server.send(.GET, "/available_spks").json["speakers"] as? [String] ?? []
            #expect(!available.contains("小红"))
            #expect(try await Self.speakers(on: server).allSatisfy { $0["kind"] as? String == "built-in" })
            let tts = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "你好。", "spk_id": "小红"]))
            #expect(tts.status == 400)

            #expect(try await Self.clone("小红", on: server).status == 200)
            let again = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "我又回来了。", "spk_id": "小红"]))
            #expect(again.status == 200)
            #expect(again.pcmSeconds > 0.5)
        }
    }

    @Test("an unknown id and a built-in id are both 404 with a detail, and nothing changes")
    func unknownAndBuiltInAre404() async throws {
        try await TestServer.run { server in
            #expect(try await Self.clone("kept", on: server).status == 200)
            for id in ["nobody", "中文女", "英文男"] {
                let reply = try await server.send(.DELETE, Self.path(id))
                #expect(reply.status == 404, "\(id)")
                #expect(reply.isErrorDocument)
                #expect(reply.detail?.contains(id) == true)
            }
            let available = try await server.send(.GET, "/available_spks").json["speakers"] as? [String] ?? []
            #expect(available.contains("中文女") && available.contains("kept"))
        }
    }

    @Test("both routes need an API key when keys are set")
    func needAKey() async throws {
        try await TestServer.run(configure: { $0.apiKeys = ["the-key"] }) { server in
            #expect(try await server.send(.GET, "/speakers").status == 401)
            #expect(try await server.send(.DELETE, Self.path("x")).status == 401)
            let listed = try await server.send(.GET, "/speakers", headers: [("Authorization", "Bearer the-key")])
            #expect(listed.status == 200)
            let deleted = try await server.send(.DELETE, Self.path("x"), headers: [("X-API-Key", "the-key")])
            #expect(deleted.status == 404)
        }
    }

    @Test("deleting a speaker while requests use it ends no request abnormally and the server stays well")
    func deleteDuringUse() async throws {
        try await TestServer.run { server in
            #expect(try await Self.clone("小红", on: server).status == 200)
            // One request streaming already, several starting as the delete lands.
            let streaming = try await server.open(.POST, "/tts/pcm", .json(["tts_text": TestAudio.longText, "spk_id": "小红", "stream": true]))
            #expect(streaming.status == .ok)
            var body = streaming.body.makeAsyncIterator()
            _ = try await body.next()
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await server.send(.POST, "/tts/pcm", .json(["tts_text": "你好，今天天气很好。", "spk_id": "小红", "stream": true])).status
                    }
                }
                group.addTask { try await server.send(.DELETE, Self.path("小红")).status + 1000 }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.contains(1200))
            // Requests that found the speaker finish; those that came after the delete find no such speaker.
            #expect(statuses.filter { $0 < 1000 }.allSatisfy { $0 == 200 || $0 == 400 })
            var received = 0
            while let chunk = try await body.next() { received += chunk.readableBytes }
            #expect(received > 0)
            #expect(try await server.send(.GET, "/health").status == 200)
            #expect(try await server.send(.GET, "/ready").status == 200)
        }
    }
}
