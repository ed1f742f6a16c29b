import CosyVoiceTestTraits
import Testing
import TextFrontend

/// Speaking rate is measured in syllables for CJK text and words for English, as spoken (normalised, no tags).
@Suite(.offThePool) struct SpokenUnitsTests {
    let frontend = TextFrontend()

    @Test func chineseCountsOneSyllablePerCharacterAfterNormalisation() {
        #expect(frontend.spokenUnits(in: "我有3个苹果。", language: .mandarin) == 6)
        #expect(frontend.spokenUnits(in: "价格¥128", language: .mandarin) == 8)
    }

    @Test func englishCountsWordsAfterNormalisation() {
        #expect(frontend.spokenUnits(in: "I have 3 apples.", language: .english) == 4)
        #expect(frontend.spokenUnits(in: "Dr. Smith, hello!", language: .english) == 3)
    }

    @Test func japaneseCountsMoraeAndKoreanCountsBlocks() {
        #expect(frontend.spokenUnits(in: "きょうは", language: .japanese) == 3)
        #expect(frontend.spokenUnits(in: "안녕하세요", language: .korean) == 5)
    }

    @Test func tagsAreNotCounted() {
        #expect(frontend.spokenUnits(in: "[breath]你好<strong>世界</strong>", language: .mandarin) == 4)
    }
}
