import Testing
import TextFrontend

/// frontend.md §3: instructions become controls the server can honour; the rest is ignored.
@Suite struct InstructionParserTests {
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

    @Test func verySlowIsSeventyPercent() {
        #expect(parser.parse("用很慢的语速说") == InstructControls(rate: 0.7))
    }

    @Test func rateDegreesScaleTheMultiplier() {
        #expect(parser.parse("说慢一点").rate == 0.92)
        #expect(parser.parse("语速慢").rate == 0.85)
        #expect(parser.parse("说快一点").rate == 1.1)
        #expect(parser.parse("Please speak faster").rate == 1.2)
        #expect(parser.parse("Please speak very fast.").rate == 1.4)
        #expect(parser.parse("Speak slightly faster").rate == 1.1)
    }

    @Test func aBitLouderIsFourDecibels() {
        #expect(parser.parse("大声一点") == InstructControls(volume: 4))
        #expect(parser.parse("大声说").volume == 6)
        #expect(parser.parse("轻声说").volume == -6)
    }

    @Test func whisperIsTenDecibelsDown() {
        #expect(parser.parse("whisper") == InstructControls(volume: -10))
    }

    @Test func deepVoiceLowersThePitch() {
        #expect(parser.parse("用低沉的声音说") == InstructControls(pitch: -4))
        #expect(parser.parse("用尖细的声音说").pitch == 3)
    }

    @Test func sadLowVoiceGivesEmotionAndPitch() {
        #expect(parser.parse("Speak in a sad, low voice.") == InstructControls(pitch: -3, emotion: .sad))
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

    @Test func headerJSONIsCompactSortedAndASCII() {
        let json = parser.parse("用四川话慢一点说").jsonString()
        #expect(json == #"{"dialectNote":"Sichuanese is not available; speaking Mandarin","language":"zh","rate":0.92}"#)
        #expect(json.allSatisfy { $0.isASCII })
        #expect(InstructControls(dialectNote: "川").jsonString() == #"{"dialectNote":"\u5ddd"}"#)
    }
}
