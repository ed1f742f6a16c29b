import AudioIO
import CosyVoiceTestTraits
import CosyVoiceTesting
import Engines
import Foundation
import Testing
import TextFrontend

@Suite("espeak-ng engine", .offThePool)
struct EspeakEngineTests {
    let engine: EspeakEngine
    init() throws { engine = try EspeakEngine() }

    func speak(_ text: String, _ language: Language, _ gender: Gender, _ controls: VoiceControls = .neutral) async throws -> AudioChunk {
        var samples: [Float] = []
        for try await chunk in engine.synthesize(Segment(text: text, language: language), voice: engine.voice(for: language, gender: gender), controls: controls) {
            #expect(chunk.sampleRate == engine.sampleRate)
            samples += chunk.samples
        }
        return AudioChunk(samples: samples, sampleRate: engine.sampleRate)
    }

    @Test(arguments: [-5.0, 4.0, 8.0])
    func pitchShiftsLandWithinASemitone(semitones: Double) async throws {
        let text = "今天天气很好，我们一起去公园散步吧。"
        let plain = try #require(PitchTracker().medianF0(try await speak(text, .mandarin, .female)))
        let shifted = try #require(PitchTracker().medianF0(try await speak(text, .mandarin, .female, VoiceControls(pitchShift: semitones))))
        let measured = CosyVoiceTesting.semitones(shifted, plain)
        #expect(abs(measured - semitones) <= 1, "asked \(semitones), got \(measured) semitones")
    }

    @Test func pitchShiftsLeaveTheLevelAlone() async throws {
        let text = "The weather is lovely today, so let us take a walk in the park."
        let plain = AudioLevel.rmsDBFS(try await speak(text, .english, .male).samples)
        let high = AudioLevel.rmsDBFS(try await speak(text, .english, .male, VoiceControls(pitchShift: 7)).samples)
        #expect(abs(high - plain) < 1)
    }

    @Test func rateChangesDuration() async throws {
        let text = "The weather is lovely today, so let us take a walk in the park."
        let normal = try await speak(text, .english, .female).duration
        let fast = try await speak(text, .english, .female, VoiceControls(rate: 2)).duration
        #expect(fast / normal > 0.4 && fast / normal < 0.65)
    }
}

@Suite("Voice catalog", .offThePool)
struct VoiceCatalogTests {
    let espeak: EspeakEngine
    let neural = Voice(engine: "neural", name: "en-neural", language: .english, gender: .male, sampleRate: 22050, typicalF0: 110)
    init() throws { espeak = try EspeakEngine() }

    @Test func everyBuiltInIdHasAVoiceOfItsLanguageAndGender() {
        let catalog = VoiceCatalog(engines: [espeak], voices: espeak.voices)
        #expect(catalog.speakerIDs == VoiceCatalog.builtInSpeakers.map(\.id))
        for builtIn in VoiceCatalog.builtInSpeakers {
            let speaker = catalog.speaker(builtIn.id)!
            #expect(speaker.primaryVoice.language == builtIn.language && speaker.primaryVoice.gender == builtIn.gender)
            // Text in other languages goes to voices of those languages, same gender.
            for language in Language.allCases {
                #expect(speaker.voice(for: language).language == language)
                #expect(speaker.voice(for: language).gender == builtIn.gender)
            }
        }
    }

    @Test func neuralVoicesArePreferredAndListedUnderTheirOwnName() {
        let catalog = VoiceCatalog(engines: [espeak], voices: espeak.voices + [neural])
        #expect(catalog.speaker("英文男")?.primaryVoice == neural)
        #expect(catalog.speaker("英文女")?.primaryVoice.engine == "espeak")
        #expect(catalog.speaker("en-neural")?.primaryVoice == neural)
    }

    @Test func assignmentsOverrideAndUnknownVoicesAreIgnored() {
        let catalog = VoiceCatalog(engines: [espeak], voices: espeak.voices + [neural],
                                   assignments: ["英文男": "espeak:en-us", "英文女": "nowhere:voice"])
        #expect(catalog.speaker("英文男")?.primaryVoice.id == "espeak:en-us")
        #expect(catalog.speaker("英文女")?.primaryVoice.id == "espeak:en-us+f2")
    }
}
