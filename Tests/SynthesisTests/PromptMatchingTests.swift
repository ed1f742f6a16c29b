import AudioIO
import CosyVoiceTesting
import Foundation
@testable import Synthesis
import Testing

@Suite("Prompt-driven modes follow the prompt measurably")
struct PromptMatchingTests {
    let service: SynthesisService
    let prompt = Measured(try! AudioDecoder.decode(fixturePrompt))
    static let transcript = "希望你以后能够做的比我还好呦。"

    init() throws { service = try makeEspeakService() }

    @Test("zero-shot with the female Mandarin prompt: female voice, F0 within 1 semitone, level within 2 dB",
          arguments: ["今天天气很好，我们一起去公园散步吧。", "The weather is lovely today, so let us take a walk in the park."])
    func zeroShotFollowsTheFixture(text: String) async throws {
        let request = SynthesisRequest(mode: .zeroShot(promptText: Self.transcript, prompt: .file(fixturePrompt)), text: text)
        let stream = try await service.prepare(request)
        #expect(stream.speakerID.hasSuffix("female"))
        let voice = try await service.profiler.profile(of: stream.steps[0].voice)
        let (audio, _) = try await synthesizeAll(service, request)
        let output = Measured(audio)
        #expect(abs(semitones(try #require(output.f0), try #require(prompt.f0))) <= 1, "output \(output.f0 ?? .nan) Hz, prompt \(prompt.f0 ?? .nan) Hz")
        #expect(abs(output.level - prompt.level) <= 2, "output \(output.level) dBFS, prompt \(prompt.level) dBFS, controls \(stream.steps.map(\.controls)), voice \(voice)")
    }

    @Test("a low male prompt pulls the output down to its pitch")
    func lowPromptIsFollowedDown() async throws {
        let (male, _) = try await synthesizeAll(service, SynthesisRequest(mode: .sft(speakerID: "中文男"), text: "我们明天早上九点在学校门口见面，不要迟到。", speed: 0.9))
        let malePrompt = Measured(male)
        for text in ["今天天气很好，我们一起去公园散步吧。", "See you tomorrow morning at the school gate."] {
            let (audio, _) = try await synthesizeAll(service, SynthesisRequest(mode: .crossLingual(prompt: .file(wavFile(male))), text: text))
            let output = Measured(audio)
            #expect(abs(semitones(try #require(output.f0), try #require(malePrompt.f0))) <= 1, "output \(output.f0 ?? .nan) Hz, prompt \(malePrompt.f0 ?? .nan) Hz")
            let (outputF0, promptF0) = (try #require(output.f0), try #require(prompt.f0))
            #expect(outputF0 < promptF0 / 1.5)
        }
    }

    @Test("zero-shot: a fast prompt gives output within 15% of its syllable rate")
    func zeroShotFollowsTheRate() async throws {
        let transcript = "我们明天早上九点在学校门口见面，不要迟到。"
        let (fast, _) = try await synthesizeAll(service, SynthesisRequest(mode: .sft(speakerID: "中文女"), text: transcript, speed: 1.7))
        let promptRate = Measured(fast).analysis.speakingRate(units: 20)
        let text = "今天天气很好，我们一起去公园散步吧。"
        let (audio, _) = try await synthesizeAll(service, SynthesisRequest(mode: .zeroShot(promptText: transcript, prompt: .file(wavFile(fast))), text: text))
        let outputRate = Measured(audio).analysis.speakingRate(units: 16)
        #expect(abs(outputRate / promptRate - 1) <= 0.15, "output \(outputRate)/s, prompt \(promptRate)/s")
        // And `speed` multiplies on top of the matched rate.
        let (faster, _) = try await synthesizeAll(service, SynthesisRequest(mode: .zeroShot(promptText: transcript, prompt: .file(wavFile(fast))), text: text, speed: 1.3))
        #expect(faster.duration < audio.duration * 0.9)
    }

    @Test("cross-lingual: each segment is spoken in the language of its text, in the prompt's voice")
    func crossLingualFollowsTheText() async throws {
        let request = SynthesisRequest(mode: .crossLingual(prompt: .file(fixturePrompt)), text: "Hello everyone. 大家好。")
        let stream = try await service.prepare(request)
        #expect(stream.speakerID.hasPrefix("en-"))
        // Each segment's voice speaks that segment's language, in the prompt's gender.
        #expect(stream.steps.map(\.segment.language) == [.english, .mandarin])
        #expect(stream.steps.map(\.voice.language) == [.english, .mandarin])
        #expect(stream.steps.allSatisfy { $0.voice.gender == .female })
        let (audio, _) = try await synthesizeAll(service, request)
        // The README's promise: within a semitone of the prompt's pitch.
        let (outputF0, promptF0) = (try #require(Measured(audio).f0), try #require(prompt.f0))
        #expect(abs(semitones(outputF0, promptF0)) <= 1, "output \(outputF0) Hz, prompt \(promptF0) Hz")
    }

    @Test("the spectral tilt moves toward the prompt's, and the level stays the prompt's", arguments: [-1.2, 1.2])
    func tiltMovesTowardThePrompt(dBPerOctave: Double) async throws {
        // A prompt in the same voice and pitch, made darker or brighter: only its tilt differs.
        let text = "今天天气很好，我们一起去公园散步吧。"
        let (plain, _) = try await synthesizeAll(service, SynthesisRequest(mode: .sft(speakerID: "中文女"), text: text))
        var equalizer = TiltEqualizer(dBPerOctave: dBPerOctave, sampleRate: plain.sampleRate)
        let coloured = AudioChunk(samples: equalizer.process(plain.samples), sampleRate: plain.sampleRate)
        let (matched, _) = try await synthesizeAll(service, SynthesisRequest(mode: .crossLingual(prompt: .file(wavFile(coloured))), text: text))
        let voice = Measured(plain).analysis.spectralTilt
        let target = Measured(coloured).analysis.spectralTilt
        let output = Measured(matched).analysis.spectralTilt
        #expect(abs(target - voice) > 0.5, "the coloured prompt must differ to test anything")
        #expect((output - voice) / (target - voice) > 0.3, "voice \(voice), prompt \(target), output \(output) dB/oct")
        // The equaliser adds or takes energy above 1 kHz; the level matching takes that back.
        let levels = (prompt: Measured(coloured).level, output: Measured(matched).level)
        #expect(abs(levels.output - levels.prompt) <= 1, "prompt \(levels.prompt) dBFS, output \(levels.output) dBFS")
    }
}
