import CosyVoiceTestTraits
import Testing
import TextFrontend

/// frontend.md §1: each segment carries its language, and mixed text is split where the script changes.
@Suite(.offThePool) struct LanguageDetectionTests {
    let frontend = TextFrontend()

    func segments(_ text: String, primary: Language = .mandarin) -> [Segment] {
        frontend.segments(for: text, primaryLanguage: primary, streaming: false)
    }

    @Test func mixedChineseAndEnglishIsSplitAtTheScriptChange() {
        let result = segments("我喜欢Swift编程")
        #expect(result.map(\.text) == ["我喜欢", "Swift", "编程"])
        #expect(result.map(\.language) == [.mandarin, .english, .mandarin])
        #expect(result.map(\.endsSentence) == [false, false, true])
    }

    @Test func hanIsCantoneseForACantoneseVoice() {
        #expect(segments("你好，今天天气很好。", primary: .cantonese).map(\.language) == [.cantonese])
    }

    @Test func kanaMakesARunJapaneseKanjiIncluded() {
        let result = segments("日本語を話します。東京。")
        #expect(result.map(\.language) == [.japanese])
        #expect(result.first?.text == "日本語を話します。東京。")
    }

    @Test func hangulIsKorean() {
        #expect(segments("안녕하세요 Hello").map(\.language) == [.korean, .english])
    }

    @Test func latinIsEnglishWhateverThePrimaryLanguage() {
        #expect(segments("Good morning.", primary: .japanese).map(\.language) == [.english])
    }

    @Test func digitsAndPunctuationJoinTheSurroundingRun() {
        let runs = LanguageDetector().runs(in: "我有3个苹果, and 2 pears.", primary: .mandarin)
        #expect(runs.map(\.text) == ["我有3个苹果, ", "and 2 pears."])
        #expect(runs.map(\.language) == [.mandarin, .english])
    }

    @Test func numbersAreNormalisedInTheirRunsLanguage() {
        #expect(segments("我有3个苹果 and 2 pears.").map(\.text) == ["我有三个苹果", "and two pears."])
    }

    @Test func letterlessTextTakesThePrimaryLanguage() {
        #expect(segments("123", primary: .english).map(\.text) == ["one hundred twenty-three"])
        #expect(segments("123", primary: .mandarin).map(\.text) == ["一百二十三"])
    }
}
