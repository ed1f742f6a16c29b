import AudioIO
import CosyVoiceTesting
import Foundation
import Testing

@Suite("Choosing the output format", .serialized)
struct OutputFormatTests {
    private static let text = "你好，欢迎使用语音合成。今天天气很好，我们一起去公园散步吧。"

    /// Samples a decoder may add beyond the PCM's, at the wire rate: what each format cannot trim.
    private static func allowedExtraSamples(_ format: AudioFormat) -> ClosedRange<Int> {
        switch format {
        case .pcm, .wav, .flac, .opus: 0...0
        case .mp3: 0...(1105 + 1152)  // LAME's delay and last-frame padding
        case .aac: 1024...(3 * 1024)  // the encoder's priming and last-frame padding
        }
    }

    @Test("a streamed /tts in every format decodes to the speech /tts/pcm sends",
          arguments: AudioFormat.allCases)
    func ttsStreamsEveryFormat(format: AudioFormat) async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.POST, "/tts", .json(["tts_text": Self.text, "spk_id": "中文女", "stream": true, "format": format.rawValue]))
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == (format == .pcm ? "audio/L16" : format.mediaType))
            #expect(reply.header("Content-Disposition") == "attachment; filename=tts.\(format.rawValue)")
            #expect(reply.header("Transfer-Encoding") == "chunked")
            let rate = try #require(reply.sampleRate)
            let audio = try format.decode(reply.body, sampleRate: rate)
            #expect(audio.sampleRate == rate)

            let pcm = try await server.send(.POST, "/tts/pcm", .json(["tts_text": Self.text, "spk_id": "中文女", "stream": true]))
            let expected = AudioChunk(samples: PCM16Encoder.floats(fromPCM16: pcm.body), sampleRate: try #require(pcm.sampleRate))
            // The same speech: as long (where no resampling to the format's rate came between) and as loud.
            if expected.sampleRate == rate {
                let extra = audio.samples.count - expected.samples.count
                #expect(Self.allowedExtraSamples(format).contains(extra), "\(extra) samples more than the PCM")
            } else {
                #expect(abs(audio.duration - expected.duration) < 0.2, "\(audio.duration) s against \(expected.duration) s")
            }
            #expect(abs(Measured(audio).level - Measured(expected).level) < 1)
        }
    }

    @Test func withoutAFormatTTSSendsMP3() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.POST, "/tts", .json(["tts_text": "你好。", "spk_id": "中文女"]))
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "audio/mpeg")
            #expect(reply.header("Content-Disposition") == "attachment; filename=tts.mp3")
        }
    }
}
