import AudioIO
import CosyVoiceTesting
import Engines
import Foundation
import Synthesis
import Testing

/// Promises the README and api.md make, each run against the real server.
@Suite("What the README promises, end to end")
struct PromiseTests {
    /// Every audio route, with a body that gives a neural (deterministic) voice: the prompt is a Mandarin
    /// woman's, so prompt modes read Mandarin text with the Mandarin voice.
    static var routes: [(path: String, body: [String: Any])] { [
        ("/tts", ["tts_text": "今天天气很好。", "spk_id": "中文女"]),
        ("/tts/pcm", ["tts_text": "Good morning to you.", "spk_id": "英文男"]),
        ("/tts/zero_shot", ["tts_text": "今天天气很好。", "prompt_text": Fixtures.promptText,
                            "prompt_audio_base64": Fixtures.promptWAV.base64EncodedString()]),
        ("/tts/cross_lingual", ["tts_text": "今天天气很好。", "prompt_audio_base64": Fixtures.promptWAV.base64EncodedString()]),
        ("/tts/instruct", ["tts_text": "今天天气很好。", "spk_id": "中文女", "instruct_text": "用开心的语气说"]),
        ("/inference_sft", ["tts_text": "今天天气很好。", "spk_id": "中文女"]),
        ("/inference_instruct", ["tts_text": "今天天气很好。", "spk_id": "中文女", "instruct_text": "说慢一点"]),
    ] }

    /// A form body of `fields` (the form routes), else JSON.
    static func body(_ path: String, _ fields: [String: Any]) -> RequestBody {
        guard path.hasPrefix("/inference_") else { return .json(fields) }
        return .form(fields.mapValues { "\($0)" })
    }

    @Test("the same seed gives identical bytes on every route, streamed or not")
    func sameSeedSameBytes() async throws {
        try await TestServer.run { server in
            for (path, fields) in Self.routes {
                for stream in [false, true] {
                    var seeded = fields
                    seeded["seed"] = 42
                    seeded["stream"] = stream
                    let first = try await server.send(.POST, path, Self.body(path, seeded))
                    let second = try await server.send(.POST, path, Self.body(path, seeded))
                    #expect(first.status == 200, "\(path)")
                    #expect(first.body.count > 1000 && first.body == second.body, "\(path) stream=\(stream)")
                }
            }
        }
    }

    @Test("every audio response states its sample rate, and the audio is at it")
    func everyAudioResponseStatesItsRate() async throws {
        try await TestServer.run { server in
            for (path, fields) in Self.routes {
                let reply = try await server.send(.POST, path, Self.body(path, fields))
                #expect(reply.status == 200, "\(path)")
                let rate = try #require(reply.sampleRate, "\(path) has no X-Sample-Rate")
                if reply.header("Content-Type") == "audio/mpeg" {
                    #expect(try AudioDecoder.decode(reply.body).sampleRate == rate, "\(path)")
                } else {
                    // Raw PCM: the speech's pitch is a voice's when read at the stated rate.
                    let audio = AudioChunk(samples: PCM16Encoder.floats(fromPCM16: reply.body), sampleRate: rate)
                    let f0 = try #require(pitch(of: audio), "\(path)")
                    #expect((70...400).contains(f0), "\(path): \(f0) Hz at \(rate) Hz")
                }
            }
        }
    }

    @Test("speed is honoured while streaming, as much as without streaming")
    func speedWhileStreaming() async throws {
        try await TestServer.run { server in
            func seconds(_ speed: Double, stream: Bool) async throws -> Double {
                let reply = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "Good morning, the weather is lovely today, let us walk.",
                                                                           "spk_id": "英文男", "seed": 3, "stream": stream, "speed": speed]))
                #expect(reply.status == 200)
                return reply.pcmSeconds
            }
            let streamed = try await seconds(2, stream: true) / seconds(1, stream: true)
            let whole = try await seconds(2, stream: false) / seconds(1, stream: false)
            // The voice speaks its phonemes twice as fast; pauses and the model's edges shrink less.
            #expect(streamed < 0.7, "streamed at speed 2: \(streamed) as long")
            #expect(abs(streamed - whole) < 0.05, "streamed \(streamed), whole \(whole)")
        }
    }

    @Test("/tts/instruct with an empty instruction is /tts: the same bytes, no controls reported")
    func emptyInstructionIsPlainSFT() async throws {
        try await TestServer.run { server in
            let text = "今天天气很好，我们一起去公园散步吧。"
            let plain = try await server.send(.POST, "/tts", .json(["tts_text": text, "spk_id": "中文女"]))
            let instruct = try await server.send(.POST, "/tts/instruct", .json(["tts_text": text, "spk_id": "中文女", "instruct_text": ""]))
            #expect(instruct.status == 200)
            #expect(instruct.header("X-Instruct-Controls") == nil)
            #expect(instruct.body == plain.body)
        }
    }

    @Test("/upload_audio stores nothing")
    func uploadStoresNothing() async throws {
        try await TestServer.run { server in
            let before = try await server.send(.GET, "/available_spks").json["speakers"] as? [String]
            let reply = try await server.send(.POST, "/upload_audio", .multipart(["spk_id": "uploaded"], files: ["file": ("p.wav", Fixtures.promptWAV)]))
            #expect(reply.status == 200)
            #expect(try await server.service.store.count() == 0)
            #expect(try await server.send(.GET, "/available_spks").json["speakers"] as? [String] == before)
        }
    }

    @Test("Ogg Opus and MP3 prompts are read like WAV", arguments: ["opus", "mp3"])
    func compressedPrompts(format: String) async throws {
        let prompt = Resampler.resample(Fixtures.promptAudio, to: 48000)
        let file: Data = switch format {
        case "opus": try AudioFileWriter.write(prompt, as: .oggOpus)
        default: {
            let encoder = MP3Encoder(sampleRate: 48000)
            return encoder.encode(prompt) + encoder.finish()
        }()
        }
        try await TestServer.run { server in
            let zeroShot = try await server.send(.POST, "/inference_zero_shot", .multipart(
                ["tts_text": "今天天气很好。", "prompt_text": Fixtures.promptText], files: ["prompt_wav": ("prompt.\(format)", file)]))
            #expect(zeroShot.status == 200, "\(zeroShot.detail ?? "")")
            #expect(zeroShot.pcmSeconds > 1)
            // The prompt's voice is a woman's: the female Mandarin voice, as with the WAV.
            let rate = try #require(zeroShot.sampleRate)
            let f0 = try #require(pitch(of: AudioChunk(samples: PCM16Encoder.floats(fromPCM16: zeroShot.body), sampleRate: rate)))
            #expect(f0 > 165, "\(f0) Hz")
        }
    }

    @Test("requests share the engine: a short request's first audio does not wait for a long one to finish")
    func firstSegmentsFirst() async throws {
        try await TestServer.run(configure: { $0.maxActiveJobs = 1 }) { server in
            let long = try await server.open(.POST, "/tts/pcm", .json(["tts_text": TestAudio.longText, "spk_id": "中文女", "stream": true]))
            #expect(long.status == .ok)
            let consumer = Task {
                var bytes = 0
                for try await part in long.body { bytes += part.readableBytes }
                return bytes
            }
            // While the long request still has most of its segments ahead, a short one is served in full.
            let short = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "Hello.", "spk_id": "英文男"]))
            #expect(short.status == 200)
            #expect(short.pcmSeconds > 0.3)
            #expect(server.service.scheduler.admittedCount == 1, "the long request is still being synthesised")
            consumer.cancel()
            _ = await consumer.result
        }
    }

    @Test("a server with no voices is not ready")
    func noVoicesIsNotReady() async throws {
        let service = try RunningServer.service(engines: [], voices: [])
        try await TestServer.run(service: service) { server in
            let ready = try await server.send(.GET, "/ready")
            #expect(ready.status == 503)
            #expect(ready.json["voices_loaded"] as? Bool == false)
            #expect(try await server.send(.GET, "/health").status == 200)
        }
    }
}
