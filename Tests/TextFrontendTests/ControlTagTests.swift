import CosyVoiceTestTraits
import Testing
import TextFrontend

/// frontend.md §2: tags are never spoken; each is rendered as well as the voice can.
@Suite(.offThePool) struct ControlTagTests {
    let frontend = TextFrontend()

    func segments(_ text: String, primary: Language = .english) -> [Segment] {
        frontend.segments(for: text, primaryLanguage: primary, streaming: false)
    }

    @Test(arguments: [
        "Hello [breath] world.", "Hello [quick_breath] world.", "That is <strong>very</strong> important.",
        "He said [laughter] no.", "<laughter>Ha ha</laughter>, very funny.", "<|en|>Hello there.",
        "你好[breath]世界。", "这是<strong>非常</strong>重要的。", "[sigh][cough][noise][clucking][accent] Fine.",
        "[hissing][vocalized-noise][lipsmack][mn] Fine.", "<|zh|>你好<|en|>hello<|ja|>こんにちは<|yue|>早晨<|ko|>안녕",
    ])
    func tagsNeverAppearInSpokenText(text: String) {
        let spoken = segments(text).map(\.text).joined(separator: " ")
        #expect(!spoken.isEmpty)
        for fragment in ["[", "]", "<", ">", "|", "breath", "strong", "laughter", "sigh", "cough", "noise", "lipsmack"] {
            #expect(!spoken.contains(fragment), "\(fragment) spoken in \(spoken)")
        }
    }

    @Test func breathBecomesAQuarterSecondPause() {
        let result = segments("Hello [breath] world.")
        #expect(result.map(\.text) == ["Hello", "world."])
        #expect(result.map(\.pauseBefore) == [0, ControlTags.breathPause])
        #expect(ControlTags.breathPause == 0.25)
    }

    @Test func quickBreathBecomesAShorterPause() {
        #expect(segments("Hello [quick_breath] world.").last?.pauseBefore == 0.12)
    }

    @Test func nonSpeechSoundsBecomeShortPauses() {
        for tag in ["[laughter]", "[sigh]", "[cough]", "[noise]", "[clucking]", "[accent]", "[hissing]",
                    "[vocalized-noise]", "[lipsmack]", "[mn]"] {
            let result = segments("Well \(tag) yes.")
            #expect(result.map(\.text) == ["Well", "yes."])
            #expect(result.last?.pauseBefore == 0.2, "\(tag)")
        }
    }

    @Test func laughterSpanKeepsItsInnerTextOnly() {
        #expect(segments("<laughter>Ha ha</laughter>, very funny.").map(\.text) == ["Ha ha, very funny."])
    }

    @Test func strongTextIsFlaggedForEmphasis() {
        let result = segments("That is <strong>very</strong> important.")
        #expect(result.map(\.text) == ["That is", "very", "important."])
        #expect(result.map(\.emphasis) == [false, true, false])
        #expect(result.map(\.endsSentence) == [false, false, true])
    }

    @Test func unclosedStrongLastsToTheEnd() {
        let result = segments("Listen <strong>to this now.")
        #expect(result.map(\.emphasis) == [false, true])
        #expect(result.last?.text == "to this now.")
    }

    @Test func languageTagSwitchesTheFollowingText() {
        let result = segments("<|yue|>早晨<|zh|>你好", primary: .mandarin)
        #expect(result.map(\.language) == [.cantonese, .mandarin])
        #expect(result.map(\.text) == ["早晨", "你好"])
    }

    @Test func bracketWordsOutsideTheVocabularyStayText() {
        #expect(segments("See [note] below.").map(\.text) == ["See [note] below."])
    }

    @Test func textOfOnlyTagsGivesNoSegments() {
        #expect(segments("[breath] [laughter] <strong></strong> <|en|>").isEmpty)
    }

    @Test func parserReportsEventsInOrder() {
        #expect(ControlTags.parse("a[breath]<strong>b</strong><|ja|>c") == [
            .text("a", emphasis: false), .pause(0.25), .text("b", emphasis: true), .languageSwitch(.japanese),
            .text("c", emphasis: false),
        ])
    }
}
