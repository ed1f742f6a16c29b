import AudioIO
import CosyVoiceTesting
import Foundation
import Logging
import Server
import Synthesis
import Testing

/// Voice matching on the voices a default installation has: the neural voices have no native pitch
/// control, so these exercise the pitch-shifting post-processing.
@Suite("Prompt matching with the neural voices")
struct NeuralVoiceMatchingTests {
    /// One service for the suite, loaded on first use (loading the neural voices takes a second or two).
    static let loader = Task {
        var configuration = ServerConfiguration()
        configuration.dataDirectory = TestDirectory.fresh("neural")
        return try await ServiceLoader.load(configuration, logger: Logger(label: "neural-tests"))
    }
    static var fixture: Data { Fixtures.promptWAV }

    func render(_ request: SynthesisRequest) async throws -> (audio: AudioChunk, stream: SynthesisStream) {
        let stream = try await Self.loader.value.prepare(request)
        var samples: [Float] = []
        for try await chunk in stream { samples += chunk.samples }
        return (AudioChunk(samples: samples, sampleRate: stream.sampleRate), stream)
    }

    @Test func zeroShotOnTheNeuralMandarinVoiceLandsOnThePromptsPitchAndLevel() async throws {
        let prompt = PromptAnalysis.analyse(try AudioDecoder.decode(Self.fixture))
        let (audio, stream) = try await render(SynthesisRequest(
            mode: .zeroShot(promptText: "希望你以后能够做的比我还好呦。", prompt: .file(Self.fixture)),
            text: "今天天气很好，我们一起去公园散步吧。"))
        #expect(stream.sampleRate == 24000, "the neural Mandarin voice speaks")
        let output = PromptAnalysis.analyse(audio)
        let (outputF0, promptF0) = (try #require(output.medianF0), try #require(prompt.medianF0))
        #expect(abs(semitones(outputF0, promptF0)) <= 1, "output \(outputF0) Hz, prompt \(promptF0) Hz")
        #expect(abs(output.speechLevel - prompt.speechLevel) <= 2)
    }

    @Test func aMalePromptMovesTheNeuralEnglishVoiceToItsPitch() async throws {
        // A low male prompt (espeak's male Mandarin voice, 4 semitones down) read into English text: the
        // Piper voice is shifted to the prompt's pitch.
        let (low, _) = try await render(SynthesisRequest(mode: .instruct(speakerID: "中文男", instruction: "用低沉的声音说"),
                                                         text: "我们明天早上九点在学校门口见面，不要迟到。"))
        let prompt = PromptAnalysis.analyse(low)
        // Seeded: the Piper voice is then noiseless, so its pitch does not wander from run to run.
        let (audio, stream) = try await render(SynthesisRequest(mode: .crossLingual(prompt: .file(WAVEncoder.wav(low))),
                                                                text: "See you tomorrow morning at the school gate.", seed: 7))
        #expect(stream.speakerID.hasSuffix("male"))
        let (outputF0, promptF0) = (try #require(PromptAnalysis.analyse(audio).medianF0), try #require(prompt.medianF0))
        #expect(abs(semitones(outputF0, promptF0)) <= 1, "output \(outputF0) Hz, prompt \(promptF0) Hz")
    }

    @Test(arguments: [-4.0, 3.0])
    func pitchShiftsChangeTheNeuralMandarinVoicesF0ByTheirFactor(semitones shift: Double) async throws {
        let text = "今天天气很好，我们一起去公园散步吧。"
        let (plain, _) = try await render(SynthesisRequest(mode: .sft(speakerID: "中文女"), text: text))
        let instruction = shift < 0 ? "用低沉的声音说" : "用高一点的声音说"
        let (shifted, stream) = try await render(SynthesisRequest(mode: .instruct(speakerID: "中文女", instruction: instruction), text: text))
        // What the server says it applied must be the move the test asked for (its direction, and a move a
        // listener hears), and the voice must have moved by that much.
        let reported = try #require(stream.instruction?.effective.pitch)
        #expect(reported.sign == shift.sign && abs(reported) >= 2, "asked for \(shift) st, the server reports \(reported) st")
        let ratio = try #require(PromptAnalysis.analyse(shifted).medianF0) / (try #require(PromptAnalysis.analyse(plain).medianF0))
        #expect(abs(ratio / pow(2, reported / 12) - 1) <= 0.1, "reported \(reported) st, measured ratio \(ratio)")
        #expect(abs(semitones(ratio, 1) - shift) <= 1.5, "asked for \(shift) st, measured \(semitones(ratio, 1)) st")
        #expect(abs(shifted.duration / plain.duration - 1) < 0.05, "pitch shifting keeps the duration")
    }
}
