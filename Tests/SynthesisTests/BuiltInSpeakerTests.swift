import AudioIO
import CosyVoiceTesting
import Foundation
@testable import Synthesis
import TextFrontend
import Testing

@Suite("The seven built-in speakers")
struct BuiltInSpeakerTests {
    static let samples: [(id: String, text: String, units: Int)] = [
        ("中文女", "今天天气很好，我们一起去公园散步吧。", 16),
        ("中文男", "今天天气很好，我们一起去公园散步吧。", 16),
        ("日语男", "こんにちは、きょうは いい てんき ですね。", 18),
        ("粤语女", "今日天氣好好，我哋一齊去公園散步啦。", 16),
        ("英文女", "The weather is lovely today, so let us take a walk in the park.", 14),
        ("英文男", "The weather is lovely today, so let us take a walk in the park.", 14),
        ("韩语女", "오늘은 날씨가 정말 좋네요. 같이 공원에 산책하러 가요.", 21),
    ]

    @Test("each id speaks for a plausible duration, with speech energy, at the reported rate", arguments: samples)
    func speaks(sample: (id: String, text: String, units: Int)) async throws {
        let service = try makeEspeakService()
        let (audio, _) = try await synthesizeAll(service, SynthesisRequest(mode: .sft(speakerID: sample.id), text: sample.text))
        #expect(audio.sampleRate == service.catalog.speaker(sample.id)!.primaryVoice.sampleRate)
        // 0.08–0.6 s per syllable or word: neither truncated nor stretched.
        #expect(audio.duration > 0.08 * Double(sample.units), "\(sample.id): \(audio.duration) s")
        #expect(audio.duration < 0.6 * Double(sample.units), "\(sample.id): \(audio.duration) s")
        let activity = SpeechActivity.detect(audio)
        #expect(activity.speechDuration > 0.5 * audio.duration * 0.5)
        #expect(AudioLevel.rmsDBFS(audio.samples) > -35)
    }

    @Test("female ids have a clearly higher median F0 than male ids")
    func femaleHigherThanMale() async throws {
        let service = try makeEspeakService()
        var f0: [String: Double] = [:]
        for sample in Self.samples {
            let (audio, _) = try await synthesizeAll(service, SynthesisRequest(mode: .sft(speakerID: sample.id), text: sample.text))
            let median = try #require(PitchTracker().medianF0(audio))
            f0[sample.id] = median
        }
        let female = ["中文女", "粤语女", "英文女", "韩语女"].map { f0[$0]! }
        let male = ["中文男", "日语男", "英文男"].map { f0[$0]! }
        // At least four semitones between the lowest female and the highest male voice.
        #expect(female.min()! > male.max()! * pow(2, 4.0 / 12), "female \(female), male \(male)")
    }

    @Test("mixed-language text on a built-in speaker goes to a voice of each language, in the speaker's gender")
    func mixedLanguageGoesToAVoiceOfEachLanguage() async throws {
        let service = try makeEspeakService()
        for (id, gender) in [("中文女", Gender.female), ("英文男", .male)] {
            let stream = try await service.prepare(SynthesisRequest(mode: .sft(speakerID: id), text: "Good morning. 今天天气很好。안녕하세요."))
            let spoken = stream.steps.map { ($0.segment.language, $0.voice.language, $0.voice.gender) }
            #expect(spoken.map(\.0) == [.english, .mandarin, .korean], "\(id)")
            #expect(spoken.allSatisfy { $0.0 == $0.1 && $0.2 == gender }, "\(id): \(spoken)")
        }
    }
}
