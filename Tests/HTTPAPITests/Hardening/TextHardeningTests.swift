import AudioIO
import CosyVoiceTesting
import Foundation
import Testing

/// Text that once crashed the server (numbers past the English tables) or came back as 200 with no audio
/// (compatibility forms): each is spoken, and the server serves the next request.
@Suite("Text hardening", .serialized)
struct TextHardeningTests {
    /// Numbers at and past every table's end, in each form a client can write them.
    static let hostileNumbers = [
        "1000000000000000000th", "The 9223372036854775807th time.", "-9223372036854775808",
        "第1000000000000000000名", "增长12345678901234567890.5%", "$99999999999999999999.50",
        "1000000000000000000000000000000000000000s", String(repeating: "9", count: 100),
    ]

    /// A plain request, answered with audio: the server is still up.
    func expectServes(_ server: TestServer) async throws {
        let reply = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "你好。", "spk_id": "中文女"]))
        #expect(reply.status == 200)
        #expect(reply.pcmSeconds > 0.2)
    }

    @Test(arguments: ["中文女", "英文男"])
    func numbersPastTheTablesAreSpoken(speaker: String) async throws {
        try await TestServer.run { server in
            for text in Self.hostileNumbers {
                let reply = try await server.send(.POST, "/tts/pcm", .json(["tts_text": text, "spk_id": speaker]))
                #expect(reply.status == 200, "\(text): \(reply.detail ?? "")")
                #expect(reply.pcmSeconds > 0.3, "\(text)")
            }
            let mp3 = try await server.send(.POST, "/tts", .json(["tts_text": "1000000000000000000th", "spk_id": speaker]))
            #expect(mp3.status == 200)
            #expect(try AudioDecoder.decode(mp3.body).duration > 0.3)
            try await expectServes(server)
        }
    }

    @Test func zeroShotWithAHostilePromptText() async throws {
        try await TestServer.run { server in
            for promptText in ["1000000000000000000th", "-9223372036854775808", "第1000000000000000000名"] {
                let reply = try await server.send(.POST, "/tts/zero_shot", .json([
                    "tts_text": "收到好友从远方寄来的生日礼物。", "prompt_text": promptText,
                    "prompt_audio_base64": TestAudio.prompt.base64EncodedString(),
                ]))
                #expect(reply.status == 200, "\(promptText): \(reply.detail ?? "")")
                #expect(try AudioDecoder.decode(reply.body).duration > 0.5)
            }
            try await expectServes(server)
        }
    }

    @Test func clonedSpeakerWithAHostilePromptTextSpeaksAcrossARestart() async throws {
        let directory = TestServer.temporaryDirectory()
        try await TestServer.run(dataDirectory: directory) { server in
            let clone = try await server.send(.POST, "/clone", .multipart(
                ["prompt_text": "1000000000000000000th", "spk_id": "大数"], files: ["prompt_audio": ("p.wav", TestAudio.prompt)]))
            #expect(clone.status == 200)
            let tts = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "我是新来的声音。", "spk_id": "大数"]))
            #expect(tts.status == 200)
            #expect(tts.pcmSeconds > 0.5)
            let english = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "Hello there.", "spk_id": "大数"]))
            #expect(english.status == 200)
        }
        try await TestServer.run(dataDirectory: directory) { server in
            let tts = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "重启以后我还在。", "spk_id": "大数"]))
            #expect(tts.status == 200)
            #expect(tts.pcmSeconds > 0.5)
            try await expectServes(server)
        }
    }

    @Test(arguments: [
        ("①②③", "中文女"), ("〇〇七", "中文女"), ("二〇二四年", "中文女"), ("Ｈｅｌｌｏ", "中文女"), ("Ｈｅｌｌｏ", "英文男"),
        ("１２３４５", "中文女"), ("１２３４５", "英文男"), ("㐀𠀀", "中文女"), ("⑴⑵⑶", "英文男"),
    ])
    func compatibilityFormsAreSpoken(text: String, speaker: String) async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.POST, "/tts/pcm", .json(["tts_text": text, "spk_id": speaker]))
            #expect(reply.status == 200, "\(reply.detail ?? "")")
            #expect(reply.pcmSeconds > 0.3)
        }
    }
}
