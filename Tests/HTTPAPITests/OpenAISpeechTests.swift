import AudioIO
import CosyVoiceTesting
import Foundation
import Testing

/// OpenAI's speech API (`/v1/audio/speech`, `/v1/audio/voices`, `/v1/models`) on the real server: the audio a
/// client of that API gets, and the errors in OpenAI's shape.
@Suite("OpenAI speech API")
struct OpenAISpeechTests {
    static let sentence = "The quick brown fox jumps over the lazy dog, and then it runs away."

    /// OpenAI's error object of a reply.
    func openAIError(_ reply: Reply) -> [String: Any]? { reply.json["error"] as? [String: Any] }

    @Test func speechDefaultsToOneStreamedMP3OfTheWholeInput() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.POST, "/v1/audio/speech", .json(["model": "tts-1", "input": Self.sentence, "voice": "onyx"]))
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "audio/mpeg")
            #expect(reply.header("Transfer-Encoding") == "chunked")
            let audio = try AudioDecoder.decode(reply.body)
            #expect(audio.duration > 2.5 && audio.duration < 8, "\(audio.duration) s")
            #expect(rms(audio.samples) > 0.02)
        }
    }

    @Test func pcmIs24kHzSixteenBitMonoWhateverTheVoice() async throws {
        try await TestServer.run { server in
            for voice in ["onyx", "中文女"] {
                let text = voice == "中文女" ? "今天天气很好，我们一起去公园散步吧。" : Self.sentence
                let reply = try await server.send(.POST, "/v1/audio/speech",
                                                  .json(["model": "tts-1", "input": text, "voice": voice, "response_format": "pcm"]))
                #expect(reply.status == 200)
                #expect(reply.sampleRate == 24000)
                #expect(reply.body.count % 2 == 0)
                #expect(reply.pcmSeconds > 2 && reply.pcmSeconds < 8, "\(voice): \(reply.pcmSeconds) s")
            }
        }
    }

    @Test func everyFormatOfTheTableDecodesToTheSameSpeech() async throws {
        try await TestServer.run { server in
            let pcm = try await server.send(.POST, "/v1/audio/speech",
                                            .json(["model": "tts-1", "input": Self.sentence, "voice": "onyx", "response_format": "pcm"]))
            for format in AudioFormat.allCases where format != .pcm {
                let reply = try await server.send(.POST, "/v1/audio/speech",
                                                  .json(["model": "tts-1", "input": Self.sentence, "voice": "onyx", "response_format": format.rawValue]))
                #expect(reply.status == 200, "\(format)")
                #expect(reply.header("Content-Type") == format.mediaType)
                let audio = try format.decode(reply.body, sampleRate: 0)
                // Piper draws noise per run: the same text varies a little in length.
                #expect(abs(audio.duration - pcm.pcmSeconds) < 0.25 * pcm.pcmSeconds, "\(format): \(audio.duration) s vs \(pcm.pcmSeconds) s")
                #expect(rms(audio.samples) > 0.02, "\(format)")
            }
        }
    }

    @Test func serverSentEventsCarryTheAudioInDeltasThenADoneEventWithUsage() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.POST, "/v1/audio/speech", .json([
                "model": "gpt-4o-mini-tts", "input": Self.sentence, "voice": "onyx", "response_format": "pcm", "stream_format": "sse",
            ]))
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "text/event-stream")
            let events = String(decoding: reply.body, as: UTF8.self).components(separatedBy: "\n\n").filter { !$0.isEmpty }
            let objects = try events.map { event -> [String: Any] in
                #expect(event.hasPrefix("data: "))
                return try #require(try JSONSerialization.jsonObject(with: Data(event.dropFirst(6).utf8)) as? [String: Any])
            }
            let deltas = objects.dropLast()
            #expect(deltas.count >= 2, "the audio arrives in pieces")
            #expect(deltas.allSatisfy { $0["type"] as? String == "speech.audio.delta" })
            let audio = deltas.compactMap { ($0["audio"] as? String).flatMap { Data(base64Encoded: $0) } }.reduce(Data(), +)
            let seconds = Double(audio.count / 2) / 24000
            #expect(seconds > 2.5 && seconds < 8, "\(seconds) s")
            let done = try #require(objects.last)
            #expect(done["type"] as? String == "speech.audio.done")
            let usage = try #require(done["usage"] as? [String: Int])
            #expect(usage["input_tokens"] == Self.sentence.unicodeScalars.count)
            #expect(usage["output_tokens"] == audio.count)
        }
    }

    @Test func openAIVoiceNamesMapToSpeakersOfTheirGenderAndAnyServedSpeakerIdWorks() async throws {
        try await TestServer.run { server in
            func f0(_ voice: Any) async throws -> Double {
                let reply = try await server.send(.POST, "/v1/audio/speech",
                                                  .json(["model": "tts-1", "input": Self.sentence, "voice": voice, "response_format": "wav"]))
                #expect(reply.status == 200, "\(voice): \(reply.json)")
                return try #require(pitch(of: try AudioDecoder.decode(reply.body)))
            }
            let (male, female) = (try await f0("onyx"), try await f0("nova"))
            #expect(semitones(female, male) > 4, "nova \(female) Hz, onyx \(male) Hz")
            // The object form and a speaker id: the same male voice as onyx.
            #expect(abs(semitones(try await f0(["id": "英文男"]), male)) < 2)
        }
    }

    @Test func instructionsGoThroughTheInstructionParser() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.POST, "/v1/audio/speech", .json([
                "model": "gpt-4o-mini-tts", "input": Self.sentence, "voice": "onyx", "response_format": "pcm",
                "instructions": "Speak slowly and calmly.",
            ]))
            #expect(reply.status == 200)
            let controls = try #require(reply.header("X-Instruct-Controls"))
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(controls.utf8)) as? [String: Any])
            let rate = try #require(parsed["rate"] as? Double)
            #expect(rate < 1, "\(controls)")
        }
    }

    @Test func speedFollowsOpenAIsRange() async throws {
        try await TestServer.run { server in
            func seconds(_ speed: Double) async throws -> Double {
                let reply = try await server.send(.POST, "/v1/audio/speech", .json([
                    "model": "tts-1", "input": Self.sentence, "voice": "onyx", "response_format": "pcm", "speed": speed,
                ]))
                #expect(reply.status == 200, "speed \(speed): \(reply.json)")
                return reply.pcmSeconds
            }
            let (normal, fast, slow) = (try await seconds(1), try await seconds(3), try await seconds(0.3))
            #expect(fast < 0.6 * normal && slow > 1.8 * normal, "0.3: \(slow) s, 1: \(normal) s, 3: \(fast) s")
        }
    }

    @Test(arguments: [
        (["model": "tts-1", "voice": "onyx"] as [String: any Sendable], 400, "input"),
        (["model": "tts-1", "input": String(repeating: "a", count: 4097), "voice": "onyx"], 400, "input"),
        (["model": "tts-1", "input": "Hello.", "voice": "onyx", "speed": 4.5], 400, "speed"),
        (["model": "tts-1", "input": "Hello.", "voice": "onyx", "response_format": "ogg"], 400, "response_format"),
        (["model": "tts-1", "input": "Hello.", "voice": "onyx", "stream_format": "chunks"], 400, "stream_format"),
        (["model": "tts-1", "input": "Hello.", "voice": "no-such-voice"], 404, "voice"),
        (["model": "tts-1", "input": "   ", "voice": "onyx"], 400, "input"),
    ])
    func badFieldsGetOpenAIShapedErrors(body: [String: any Sendable], status: Int, param: String) async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.POST, "/v1/audio/speech", .json(body))
            #expect(reply.status == status)
            #expect(reply.header("Content-Type") == "application/json")
            let error = try #require(openAIError(reply), "\(reply.json)")
            #expect(error["param"] as? String == param)
            #expect(error["type"] as? String == "invalid_request_error")
            #expect((error["message"] as? String)?.isEmpty == false)
            #expect(error.keys.sorted() == ["code", "message", "param", "type"])
        }
    }

    @Test func aMissingKeyIsAnOpenAIAuthenticationError() async throws {
        try await TestServer.run(configure: { $0.apiKeys = ["sk-test-key"] }) { server in
            let refused = try await server.send(.POST, "/v1/audio/speech", .json(["model": "tts-1", "input": "Hello.", "voice": "onyx"]))
            #expect(refused.status == 401)
            #expect(openAIError(refused)?["type"] as? String == "authentication_error")
            let accepted = try await server.send(.POST, "/v1/audio/speech", .json(["model": "tts-1", "input": "Hello.", "voice": "onyx"]),
                                                 headers: [("Authorization", "Bearer sk-test-key")])
            #expect(accepted.status == 200)
        }
    }

    @Test func voicesAndModelsAreListed() async throws {
        try await TestServer.run { server in
            let voices = try await server.send(.GET, "/v1/audio/voices")
            #expect(voices.status == 200)
            let entries = try #require(voices.json["voices"] as? [[String: Any]])
            let byID = Dictionary(entries.map { ($0["id"] as? String ?? "", $0) }) { first, _ in first }
            #expect(byID["onyx"]?["speaker"] as? String == "英文男")
            #expect(byID["onyx"]?["engine"] as? String == "piper")
            #expect(byID["nova"]?["gender"] as? String == "female")
            #expect(byID["中文女"]?["language"] as? String == "zh")
            let models = try await server.send(.GET, "/v1/models")
            #expect(((models.json["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String })?.contains("tts-1") == true)
        }
    }

    @Test func voicesYAMLOverridesTheOpenAINames() async throws {
        let data = RunningServer.temporaryDirectory()
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try "openai_voices:\n  alloy: 中文女\n".write(to: data.appendingPathComponent("voices.yaml"), atomically: true, encoding: .utf8)
        try await TestServer.run(dataDirectory: data) { server in
            let voices = try await server.send(.GET, "/v1/audio/voices")
            let entries = try #require(voices.json["voices"] as? [[String: Any]])
            #expect(entries.first { $0["id"] as? String == "alloy" }?["speaker"] as? String == "中文女")
            let reply = try await server.send(.POST, "/v1/audio/speech",
                                              .json(["model": "tts-1", "input": "今天天气很好。", "voice": "alloy", "response_format": "pcm"]))
            #expect(reply.status == 200)
        }
    }
}
