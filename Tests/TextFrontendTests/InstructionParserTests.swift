import CosyVoiceTestTraits
import Testing
import TextFrontend

/// frontend.md §3: instructions become controls the server can honour; the rest is ignored.
@Suite(.offThePool) struct InstructionParserTests {
    let parser = InstructionParser()

    @Test func sichuaneseFallsBackToMandarinWithANote() {
        let controls = parser.parse("用四川话说这句话<|endofprompt|>")
        #expect(controls.language == .mandarin)
        #expect(controls.dialectNote == "Sichuanese is not available; speaking Mandarin")
    }

    @Test func cantoneseSelectsACantoneseVoice() {
        #expect(parser.parse("请用广东话表达。") == InstructControls(language: .cantonese))
        #expect(parser.parse("用粤语说") == InstructControls(language: .cantonese))
    }

    @Test func happyToneSelectsTheHappyPreset() {
        #expect(parser.parse("用开心的语气说") == InstructControls(emotion: .happy))
        #expect(parser.parse("用开心的语气说<|endofprompt|>") == InstructControls(emotion: .happy))
    }

    // The exact amounts are tuning; what an instruction promises is the direction, the order of degrees, and
    // that nothing else is touched.

    @Test func verySlowSetsOnlyASlowRate() throws {
        let controls = parser.parse("用很慢的语速说")
        #expect(try #require(controls.rate) < 1)
        #expect(controls == InstructControls(rate: controls.rate))
    }

    @Test func rateDegreesAreOrdered() throws {
        let rates = try ["用很慢的语速说", "语速慢", "说慢一点", "说快一点", "Please speak faster", "Please speak very fast."]
            .map { try #require(parser.parse($0).rate, "\($0)") }
        #expect(rates == rates.sorted() && Set(rates).count == rates.count, "\(rates)")
        #expect(rates[2] < 1 && rates[3] > 1)
        #expect(parser.parse("Speak slightly faster").rate == parser.parse("说快一点").rate)
    }

    @Test func louderAndSofterMoveTheLevelByDegree() throws {
        let aBitLouder = try #require(parser.parse("大声一点").volume)
        let loud = try #require(parser.parse("大声说").volume)
        let soft = try #require(parser.parse("轻声说").volume)
        let whisper = try #require(parser.parse("whisper").volume)
        #expect(0 < aBitLouder && aBitLouder < loud)
        #expect(whisper < soft && soft < 0)
        #expect(parser.parse("大声一点") == InstructControls(volume: aBitLouder))
        #expect(parser.parse("whisper") == InstructControls(volume: whisper))
    }

    @Test func deepVoiceLowersThePitchAndAThinOneRaisesIt() throws {
        let deep = try #require(parser.parse("用低沉的声音说").pitch)
        #expect(deep < 0)
        #expect(parser.parse("用低沉的声音说") == InstructControls(pitch: deep))
        #expect(try #require(parser.parse("用尖细的声音说").pitch) > 0)
    }

    @Test func sadLowVoiceGivesEmotionAndPitch() throws {
        let controls = parser.parse("Speak in a sad, low voice.")
        #expect(controls.emotion == .sad)
        #expect(try #require(controls.pitch) < 0)
        #expect(controls == InstructControls(pitch: controls.pitch, emotion: .sad))
    }

    @Test func personaAdjectivesMapToAnEmotion() {
        let persona = "Theo 'Crimson', is a fiery, passionate rebel leader. Fights with fervor for justice, but struggles with impulsiveness.<|endofprompt|>"
        #expect(parser.parse(persona) == InstructControls(emotion: .excited))
        #expect(parser.parse("A gentle, soothing narrator.").emotion == .calm)
        #expect(parser.parse("A cheerful host.").emotion == .happy)
        #expect(parser.parse("A melancholy poet.").emotion == .sad)
    }

    @Test func genderAndLanguageAreRecognised() {
        let controls = parser.parse("You are a helpful assistant. Speak in English with a female voice.<|endofprompt|>")
        #expect(controls == InstructControls(gender: .female, language: .english))
        #expect(parser.parse("请用男声说").gender == .male)
        #expect(parser.parse("用日语说").language == .japanese)
        #expect(parser.parse("用韩语说").language == .korean)
    }

    @Test func unknownInstructionGivesEmptyControls() {
        let controls = parser.parse("Tell me a story about dragons.")
        #expect(controls.isEmpty)
        #expect(controls.jsonString() == "{}")
    }

    @Test func emotionPresetFillsOnlyUnsetFields() {
        let controls = InstructControls(rate: 1.2, emotion: .sad).applyingEmotionPreset()
        #expect(controls.rate == 1.2)
        #expect(controls.pitch == Emotion.sad.preset.pitch)
        #expect(controls.volume == Emotion.sad.preset.volume)
        #expect(InstructControls(emotion: .sad).effective == Emotion.sad.preset)
        #expect(InstructControls().effective == .neutral)
    }

    @Test func headerJSONIsCompactSortedAndASCII() throws {
        let controls = parser.parse("用四川话慢一点说")
        let json = controls.jsonString()
        let rate = try #require(controls.rate)
        #expect(json == #"{"dialectNote":"Sichuanese is not available; speaking Mandarin","language":"zh","rate":\#(rate)}"#)
        #expect(json.allSatisfy { $0.isASCII })
        #expect(InstructControls(dialectNote: "川").jsonString() == #"{"dialectNote":"\u5ddd"}"#)
    }
}
