import CosyVoiceTestTraits
import Testing
@testable import TextFrontend

/// Text written with compatibility forms (full-width Latin and digits, circled numbers, 〇, compatibility
/// ideographs) reads as its plain form; the CJK punctuation the splitter relies on survives the folding.
@Suite(.offThePool) struct CompatibilityFormTests {
    let frontend = TextFrontend()
    let normalizer = TextNormalizer()
    let splitter = TextSplitter()

    func segments(_ text: String, _ language: Language = .mandarin) -> [Segment] {
        frontend.segments(for: text, primaryLanguage: language, streaming: false)
    }

    @Test func fullWidthLatinIsEnglishEvenForAMandarinVoice() {
        let result = segments("Ｈｅｌｌｏ　ｗｏｒｌｄ")
        #expect(result.map(\.text) == ["Hello world"])
        #expect(result.map(\.language) == [.english])
    }

    @Test func fullWidthDigitsAreNumbers() {
        #expect(normalizer.normalize("共１２３４５人", language: .mandarin) == "共一万二千三百四十五人")
        #expect(normalizer.normalize("ｒｏｏｍ　１０１", language: .english) == "room one hundred one")
    }

    @Test func circledAndParenthesisedNumbersAreTheirNumbers() {
        #expect(segments("①②③").map(\.text) == ["一二三"])
        #expect(normalizer.normalize("第⑴条和第⒉条", language: .mandarin) == "第一条和第二条")
        #expect(normalizer.normalize("step ⑩ and ❸", language: .english) == "step ten and three")
        #expect(normalizer.normalize("①②③", language: .english) == "one two three")
    }

    @Test func ideographicZeroIsLing() {
        #expect(normalizer.normalize("二〇二四年", language: .mandarin) == "二零二四年")
        #expect(segments("〇").map(\.text) == ["零"])
    }

    @Test func compatibilityIdeographsBecomeUnifiedOnes() {
        // U+F900 is a compatibility duplicate of U+8C48 豈.
        #expect(normalizer.normalize("\u{F900}", language: .mandarin) == "\u{8C48}")
        #expect(segments("\u{F900}").map(\.language) == [.mandarin])
    }

    @Test func vulgarFractionsAndHalfWidthKana() {
        #expect(normalizer.normalize("½ cup", language: .english) == "one half cup")
        #expect(normalizer.normalize("½", language: .mandarin) == "二分之一")
        #expect(normalizer.normalize("ｶﾞｷﾞ", language: .japanese) == "ガギ")
    }

    @Test func cjkPunctuationKeepsItsForm() {
        let text = normalizer.normalize("注意：价格１２元，好吗？好！（备注）等等…", language: .mandarin)
        #expect(text == "注意：价格十二元，好吗？好！备注等等…")
        #expect(splitter.sentences(normalizer.normalize("注意：请排队。", language: .mandarin), language: .mandarin) == ["注意：", "请排队。"])
        #expect(normalizer.normalize("面积5m²", language: .mandarin) == "面积五平方米")
    }

    @Test func fullWidthTagLookAlikesStayText() {
        #expect(ControlTags.parse("＜strong＞你好").count == 1)
        #expect(segments("＜strong＞你好").map(\.text).allSatisfy { !$0.contains("<") })
    }

    @Test func longStacksOfCombiningMarksAreCut() {
        let folded = CompatibilityForms.folding("e" + String(repeating: "\u{301}", count: 1000) + "x")
        #expect(folded.unicodeScalars.count <= CompatibilityForms.maxScalarsPerCharacter + 1)
        #expect(folded.last == "x")
    }
}

/// The scripts no language of the front end is written in are named, so that the service can refuse them.
@Suite(.offThePool) struct UnsupportedScriptTests {
    let frontend = TextFrontend()

    @Test(arguments: [
        ("Привет, мир", ["Cyrillic"]), ("مرحبا بالعالم", ["Arabic"]), ("שלום עולם", ["Hebrew"]),
        ("สวัสดีครับ", ["Thai"]), ("नमस्ते", ["Devanagari"]), ("Καλημέρα", ["Greek"]),
        ("你好 Привет שלום Привет", ["Cyrillic", "Hebrew"]),
    ])
    func scriptsNoVoiceReadsAreNamed(text: String, expected: [String]) {
        #expect(frontend.unsupportedScripts(in: text) == expected)
    }

    @Test(arguments: [
        "你好，世界", "Hello world", "こんにちは", "안녕하세요", "Ｈｅｌｌｏ", "Tiếng Việt", "Crème brûlée",
        "π ≈ 3.14, 5µm, Ω", "😀🎉👍", "①②③ 〇 𠀀㐀", "<|en|>[breath]<strong>hi</strong>",
        "少々お待ちください、人々",
    ])
    func readableTextNamesNoScript(text: String) {
        #expect(frontend.unsupportedScripts(in: text) == [])
    }
}
