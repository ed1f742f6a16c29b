import AudioIO
import CosyVoiceTesting
import Foundation
import Testing

/// Zero-shot level matching with loud prompts: the output lands on the prompt's speech level (README: within
/// 2 dB) on the English and the Mandarin voice, and loudness never comes from clipping.
@Suite("Level matching: loud prompts are met within 2 dB, without clipping")
struct LevelMatchingTests {
    /// The fixture prompt made `gainDB` louder (its peaks are at −4.8 dBFS, so +4 dB still fits).
    static func prompt(gainDB: Double) throws -> (wav: Data, analysis: PromptAnalysis) {
        let decoded = try AudioDecoder.decode(TestAudio.prompt)
        let factor = Float(pow(10, gainDB / 20))
        let louder = AudioChunk(samples: decoded.samples.map { min(max($0 * factor, -1), 1) }, sampleRate: decoded.sampleRate)
        return (WAVEncoder.wav(louder), PromptAnalysis.analyse(louder))
    }

    @Test("an English and a Mandarin text after a loud prompt land within 2 dB of its speech level, with no sample at full scale",
          arguments: ["The weather is lovely today, so let us take a walk in the park.", "今天天气很好，我们一起去公园散步吧。"])
    func loudPromptsAreMatched(text: String) async throws {
        let (wav, target) = try Self.prompt(gainDB: 4)
        try await TestServer.run { server in
            let reply = try await server.send(.POST, "/inference_zero_shot", .multipart(
                ["tts_text": text, "prompt_text": TestAudio.promptText], files: ["prompt_wav": ("prompt.wav", wav)]))
            #expect(reply.status == 200)
            let rate = try #require(reply.header("X-Sample-Rate").flatMap(Int.init))
            let samples = PCM16Encoder.floats(fromPCM16: reply.body)
            let output = PromptAnalysis.analyse(AudioChunk(samples: samples, sampleRate: rate))
            #expect(abs(output.speechLevel - target.speechLevel) <= 2, "output \(output.speechLevel) dBFS, prompt \(target.speechLevel) dBFS")
            #expect(samples.filter { abs($0) >= 32767.0 / 32768 }.count == 0, "clipped samples")
        }
    }
}
