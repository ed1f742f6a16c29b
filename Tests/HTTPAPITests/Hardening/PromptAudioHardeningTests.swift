import AudioIO
import CosyVoiceTesting
import Foundation
import Testing

/// Hostile prompt files on every HTTP surface that takes one: each is refused with the rule that failed, before
/// any audio, nothing is stored, and the server goes on serving.
@Suite("Hostile prompt audio: 400 with the rule's message, nothing stored, the server keeps serving")
struct PromptAudioHardeningTests {
    /// A hostile file and the words its refusal must contain.
    struct HostileCase: Sendable, CustomTestStringConvertible {
        var name: String
        var file: Data
        var message: String
        var testDescription: String { name }
    }

    static func cases() throws -> [HostileCase] {
        let silence = AudioChunk.silence(seconds: 1, sampleRate: 16000).samples
        return [
            HostileCase(name: "900 s of silent FLAC with its length zeroed",
                        file: try HostileAudio.patchingStreamInfo(try HostileAudio.silentFLAC(seconds: 900), totalSamples: 0),
                        message: "prompt audio is longer than the maximum of 30 s"),
            HostileCase(name: "a 9-channel WAV",
                        file: try AudioFileWriter.write(channels: Array(repeating: silence, count: 9), sampleRate: 16000, as: .wav),
                        message: "audio has 9 channels, more than the maximum of 8"),
            HostileCase(name: "a FLAC declaring 655350 Hz",
                        file: try HostileAudio.patchingStreamInfo(try HostileAudio.silentFLAC(seconds: 1), sampleRate: 655_350),
                        message: "audio sample rate 655350 Hz is above the maximum of 192000 Hz"),
            HostileCase(name: "900 s of FLAC declaring 8000 Hz and no length",
                        file: try HostileAudio.patchingStreamInfo(try HostileAudio.silentFLAC(seconds: 900), sampleRate: 8000, totalSamples: 0),
                        message: "prompt audio sample rate 8000 Hz is below the minimum of 16000 Hz"),
        ]
    }

    static func speakers(_ server: TestServer) async throws -> [String] {
        try await server.send(.GET, "/available_spks").json["speakers"] as? [String] ?? []
    }

    @Test func everyHostilePromptIsRefusedOnZeroShotAndClone() async throws {
        let cases = try Self.cases()
        try await TestServer.run { server in
            let speakersBefore = try await Self.speakers(server)
            for hostile in cases {
                let multipart = try await server.send(.POST, "/tts/zero_shot", .multipart(
                    ["tts_text": "你好。", "prompt_text": TestAudio.promptText], files: ["prompt_wav": ("prompt.flac", hostile.file)]))
                let json = try await server.send(.POST, "/tts/zero_shot", .json(
                    ["tts_text": "你好。", "prompt_text": TestAudio.promptText, "prompt_audio_base64": hostile.file.base64EncodedString()]))
                let clone = try await server.send(.POST, "/clone", .multipart(
                    ["spk_id": "hostile", "prompt_text": TestAudio.promptText], files: ["prompt_audio": ("prompt.flac", hostile.file)]))
                for (surface, reply) in [("multipart zero_shot", multipart), ("JSON zero_shot", json), ("clone", clone)] {
                    #expect(reply.status == 400, "\(hostile.name) on \(surface)")
                    #expect(reply.detail?.contains(hostile.message) == true, "\(hostile.name) on \(surface): \(reply.detail ?? "no detail")")
                }
            }
            #expect(try await Self.speakers(server) == speakersBefore)

            let normal = try await server.send(.POST, "/tts/zero_shot", .multipart(
                ["tts_text": "你好。", "prompt_text": TestAudio.promptText], files: ["prompt_wav": ("prompt.wav", TestAudio.prompt)]))
            #expect(normal.status == 200)
            #expect(try AudioDecoder.decode(normal.body).duration > 0.3)
        }
    }

    @Test func aStereo44kHzPromptClonesAndTheSpeakerSpeaks() async throws {
        let mono = try AudioDecoder.decode(TestAudio.prompt)
        let resampled = Resampler.resample(mono, to: 44100).samples
        let stereo = try AudioFileWriter.write(channels: [resampled, resampled.map { $0 * 0.5 }], sampleRate: 44100, as: .flac)
        try await TestServer.run { server in
            let clone = try await server.send(.POST, "/clone", .multipart(
                ["spk_id": "立体声", "prompt_text": TestAudio.promptText], files: ["prompt_audio": ("stereo.flac", stereo)]))
            #expect(clone.status == 200, "\(clone.detail ?? "")")
            #expect(try await Self.speakers(server).contains("立体声"))
            let stored = try #require(try await server.service.store.speaker("立体声"))
            #expect(stored.promptAudio.sampleRate == PromptRules.storedSampleRate)
            #expect(abs(stored.promptAudio.duration - mono.duration) < 0.05)
            let tts = try await server.send(.POST, "/tts", .json(["tts_text": "我是新来的声音。", "spk_id": "立体声"]))
            #expect(tts.status == 200)
            #expect(try AudioDecoder.decode(tts.body).duration > 0.5)
        }
    }
}
