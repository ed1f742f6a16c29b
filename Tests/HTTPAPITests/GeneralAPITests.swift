import AudioIO
import CosyVoiceTesting
import Foundation
import Server
import Testing

@Suite("General JSON API", .serialized)
struct GeneralAPITests {
    @Test func rootReportsWelcomeAndVersion() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.GET, "/")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "application/json")
            #expect(reply.json["version"] as? String == ServerVersion.current)
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

    @Test("a streamed multi-sentence /tts is one continuous MP3: no second header, the duration of the PCM")
    func ttsAnswersOneDecodableMP3() async throws {
        let text = "你好，欢迎使用语音合成。今天天气很好，我们一起去公园散步吧。明天见，祝你有美好的一天。"
        try await TestServer.run { server in
            let reply = try await server.send(.POST, "/tts", .json(["tts_text": text, "spk_id": "中文女", "stream": true]))
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "audio/mpeg")
            #expect(reply.header("Content-Disposition") == "attachment; filename=tts.mp3")
            #expect(reply.header("Transfer-Encoding") == "chunked")
            // One stream: no ID3 tag and no Xing/Info/LAME header anywhere after the first frame began.
            for tag in ["ID3", "Xing", "Info"] {
                #expect(reply.body.dropFirst().range(of: Data(tag.utf8)) == nil, "\(tag) inside the stream")
            }
            let audio = try AudioDecoder.decode(reply.body)
            #expect(String(audio.sampleRate) == reply.header("X-Sample-Rate"))
            // The same speech as raw PCM: the MP3 is as long, plus at most LAME's delay and one frame of padding
            // (without an info tag the decoder cannot trim them).
            let pcm = try await server.send(.POST, "/tts/pcm", .json(["tts_text": text, "spk_id": "中文女", "stream": true]))
            let rate = Double(audio.sampleRate)
            #expect(pcm.sampleRate == audio.sampleRate)
            let extra = audio.duration - pcm.pcmSeconds
            #expect(extra >= 0 && extra <= (1105 + 1152) / rate, "MP3 \(audio.duration) s, PCM \(pcm.pcmSeconds) s")
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

    @Test("sample_rate resamples: the same speech, as many seconds, at the rate asked for")
    func sampleRateExtensionResamplesTheOutput() async throws {
        // The seeded Piper voice renders the same text identically, so the two durations can be compared exactly.
        let text = "Good morning, the weather is lovely today."
        try await TestServer.run { server in
            let native = try await server.send(.POST, "/tts/pcm", .json(["tts_text": text, "spk_id": "英文男", "seed": 1]))
            let reply = try await server.send(.POST, "/tts/pcm", .json(["tts_text": text, "spk_id": "英文男", "seed": 1, "sample_rate": 16000]))
            #expect(reply.status == 200)
            #expect(reply.header("X-Sample-Rate") == "16000")
            // Counted at the rate the test asked for, not the header's: 16000 samples are one second.
            let nativeRate = try #require(native.sampleRate)
            #expect(nativeRate != 16000)
            let seconds = Double(reply.body.count / 2) / 16000
            let nativeSeconds = Double(native.body.count / 2) / Double(nativeRate)
            #expect(abs(seconds - nativeSeconds) < 0.002, "\(seconds) s at 16 kHz, \(nativeSeconds) s at \(nativeRate) Hz")
            // And the voice's pitch is unchanged by the resampling.
            let resampled = try #require(pitch(of: AudioChunk(samples: PCM16Encoder.floats(fromPCM16: reply.body), sampleRate: 16000)))
            let original = try #require(pitch(of: AudioChunk(samples: PCM16Encoder.floats(fromPCM16: native.body), sampleRate: nativeRate)))
            #expect(abs(semitones(resampled, original)) < 0.3)
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
            let fast = try AudioDecoder.decode(json.body)

            let multipart = try await server.send(.POST, "/tts/zero_shot", .multipart(
                ["tts_text": "收到好友从远方寄来的生日礼物。", "prompt_text": TestAudio.promptText, "stream": "true", "speed": "0.9"],
                files: ["prompt_wav": ("prompt.wav", TestAudio.prompt)]))
            #expect(multipart.status == 200)
            let slow = try AudioDecoder.decode(multipart.body)
            // The same voice and text, so speed 1.2 against 0.9 (the second streamed) is 0.75 of the length.
            let ratio = Measured(fast).analysis.speechDuration / Measured(slow).analysis.speechDuration
            #expect(abs(ratio - 0.9 / 1.2) < 0.1, "speech \(ratio) as long")
        }
    }

    @Test func crossLingualSpeaksTheTextsLanguage() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.POST, "/tts/cross_lingual", .json([
                "tts_text": "Good morning, how are you today?", "prompt_audio_base64": TestAudio.prompt.base64EncodedString(),
            ]))
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "audio/mpeg")
            let audio = try AudioDecoder.decode(reply.body)
            // The prompt is Mandarin, the text English: an English voice reads it, as long as English takes
            // (a Mandarin voice spelling the letters out would take far longer).
            let english = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "Good morning, how are you today?", "spk_id": "英文女"]))
            #expect(abs(audio.duration / english.pcmSeconds - 1) < 0.35, "\(audio.duration) s against \(english.pcmSeconds) s")
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
            // What was asked: a happy tone, a little faster.
            let json = try #require(try JSONSerialization.jsonObject(with: Data(controls.utf8)) as? [String: Any])
            #expect(json["emotion"] as? String == "happy")
            #expect((json["rate"] as? Double ?? 0) > 1)
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
        try await TestServer.run(configure: { $0.corsOrigins = ["https://app.example"] }) { server in
            let listed = try await server.send(.OPTIONS, "/tts", headers: [("Origin", "https://app.example"), ("Access-Control-Request-Method", "POST")])
            #expect(listed.header("Access-Control-Allow-Origin") == "https://app.example")
            let other = try await server.send(.GET, "/", headers: [("Origin", "https://evil.example")])
            #expect(other.header("Access-Control-Allow-Origin") == nil)
        }
    }
}
