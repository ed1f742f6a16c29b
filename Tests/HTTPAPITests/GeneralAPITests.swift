import AudioIO
import Foundation
import Testing

@Suite("General JSON API", .serialized)
struct GeneralAPITests {
    @Test func rootReportsWelcomeAndVersion() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.GET, "/")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "application/json")
            #expect(reply.json["version"] as? String == "9.9.9-test")
            #expect((reply.json["message"] as? String)?.isEmpty == false)
        }
    }

    @Test func availableSpeakersListsTheBuiltIns() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.GET, "/available_spks")
            #expect(reply.status == 200)
            let speakers = reply.json["speakers"] as? [String] ?? []
            for id in ["中文女", "中文男", "日语男", "粤语女", "英文女", "英文男", "韩语女"] {
                #expect(speakers.contains(id))
            }
        }
    }

    @Test func ttsAnswersOneDecodableMP3() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.POST, "/tts", .json(["tts_text": "你好，欢迎使用语音合成。", "spk_id": "中文女"]))
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "audio/mpeg")
            #expect(reply.header("Content-Disposition") == "attachment; filename=tts.mp3")
            #expect(reply.header("Transfer-Encoding") == "chunked")
            let audio = try AudioDecoder.decode(reply.body)
            #expect(String(audio.sampleRate) == reply.header("X-Sample-Rate"))
            #expect(audio.duration > 0.5)
        }
    }

    @Test func ttsPCMStatesItsFormatInHeaders() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "Hello there, this is a test.", "spk_id": "英文女", "stream": true]))
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "audio/L16")
            #expect(reply.header("Content-Disposition") == "attachment; filename=tts.pcm")
            #expect(reply.header("X-Channels") == "1")
            #expect(reply.header("X-Bit-Depth") == "16")
            #expect(reply.body.count % 2 == 0)
            #expect(reply.pcmSeconds > 0.5)
        }
    }

    @Test func sampleRateExtensionResamplesTheOutput() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "你好。", "spk_id": "中文男", "sample_rate": 16000]))
            #expect(reply.status == 200)
            #expect(reply.header("X-Sample-Rate") == "16000")
            #expect(reply.pcmSeconds > 0.2)
        }
    }

    @Test func zeroShotTakesBase64JSONOrAMultipartFile() async throws {
        try await TestServer.run { server in
            let json = try await server.send(.POST, "/tts/zero_shot", .json([
                "tts_text": "收到好友从远方寄来的生日礼物。", "prompt_text": TestAudio.promptText,
                "prompt_audio_base64": TestAudio.prompt.base64EncodedString(), "speed": 1.2, "seed": 7,
            ]))
            #expect(json.status == 200)
            #expect(json.header("Content-Type") == "audio/mpeg")
            #expect(try AudioDecoder.decode(json.body).duration > 0.5)

            let multipart = try await server.send(.POST, "/tts/zero_shot", .multipart(
                ["tts_text": "收到好友从远方寄来的生日礼物。", "prompt_text": TestAudio.promptText, "stream": "true", "speed": "0.9"],
                files: ["prompt_wav": ("prompt.wav", TestAudio.prompt)]))
            #expect(multipart.status == 200)
            #expect(try AudioDecoder.decode(multipart.body).duration > 0.5)
        }
    }

    @Test func crossLingualSpeaksTheTextsLanguage() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.POST, "/tts/cross_lingual", .json([
                "tts_text": "Good morning, how are you today?", "prompt_audio_base64": TestAudio.prompt.base64EncodedString(),
            ]))
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "audio/mpeg")
            #expect(try AudioDecoder.decode(reply.body).duration > 0.5)
        }
    }

    @Test func instructReportsTheControlsItApplied() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.POST, "/tts/instruct", .json([
                "tts_text": "今天真是太开心了。", "spk_id": "中文女", "instruct_text": "用开心的语气，语速快一点说",
            ]))
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "audio/mpeg")
            #expect(reply.header("Content-Disposition") == "attachment; filename=tts.mp3")
            let controls = try #require(reply.header("X-Instruct-Controls"))
            #expect(controls.unicodeScalars.allSatisfy { $0.isASCII })
            #expect(try JSONSerialization.jsonObject(with: Data(controls.utf8)) is [String: Any])
            #expect(try AudioDecoder.decode(reply.body).duration > 0.5)
        }
    }

    @Test func uploadAudioEchoesTheFileAsBase64() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.POST, "/upload_audio", .multipart([:], files: ["file": ("我的录音.wav", TestAudio.prompt)]))
            #expect(reply.status == 200)
            #expect(reply.json["filename"] as? String == "我的录音.wav")
            #expect(reply.json["audio_base64"] as? String == TestAudio.prompt.base64EncodedString())
        }
    }

    @Test func clonedSpeakerSpeaksAndSurvivesARestart() async throws {
        let directory = TestServer.temporaryDirectory()
        try await TestServer.run(dataDirectory: directory) { server in
            let clone = try await server.send(.POST, "/clone", .multipart(
                ["prompt_text": TestAudio.promptText, "spk_id": "小明"], files: ["prompt_audio": ("p.wav", TestAudio.prompt)]))
            #expect(clone.status == 200)
            #expect(clone.json["status"] as? String == "success")
            #expect(clone.json["spk_id"] as? String == "小明")
            let tts = try await server.send(.POST, "/tts", .json(["tts_text": "我是新来的声音。", "spk_id": "小明"]))
            #expect(tts.status == 200)
            #expect(try AudioDecoder.decode(tts.body).duration > 0.5)
            let zeroShot = try await server.send(.POST, "/tts/zero_shot", .json(["tts_text": "你好。", "prompt_text": "", "spk_id": "小明"]))
            #expect(zeroShot.status == 200)
        }
        try await TestServer.run(dataDirectory: directory) { server in
            let speakers = try await server.send(.GET, "/available_spks").json["speakers"] as? [String] ?? []
            #expect(speakers.contains("小明"))
            let tts = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "重启以后我还在。", "spk_id": "小明"]))
            #expect(tts.status == 200)
            #expect(tts.pcmSeconds > 0.5)
        }
    }

    @Test func corsAllowsEveryOriginByDefaultAndOnlyListedOnesWhenConfigured() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.GET, "/", headers: [("Origin", "https://example.com")])
            #expect(reply.header("Access-Control-Allow-Origin") == "*")
        }
        try await TestServer.run(http: { $0.corsOrigins = ["https://app.example"] }) { server in
            let listed = try await server.send(.OPTIONS, "/tts", headers: [("Origin", "https://app.example"), ("Access-Control-Request-Method", "POST")])
            #expect(listed.header("Access-Control-Allow-Origin") == "https://app.example")
            let other = try await server.send(.GET, "/", headers: [("Origin", "https://evil.example")])
            #expect(other.header("Access-Control-Allow-Origin") == nil)
        }
    }
}
