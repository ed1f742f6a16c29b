import CosyVoiceTestTraits
import Testing
import TextFrontend

/// frontend.md §1: CosyVoice's sentence splitting and greedy 60/80/20 merging.
@Suite(.offThePool) struct SplittingTests {
    let splitter = TextSplitter()

    /// A Chinese sentence of exactly `units` characters, its full stop included.
    func chineseSentence(_ units: Int) -> String {
        String(repeating: "好", count: units - 1) + "。"
    }

    /// An English sentence of exactly `units` words.
    func englishSentence(_ units: Int) -> String {
        Array(repeating: "word", count: units).joined(separator: " ") + "."
    }

    @Test func chineseIsCutAfterEverySentencePunctuationMark() {
        let sentences = splitter.sentences("你好。真的吗？太好了！第一；第二：苹果、香蕉", language: .mandarin)
        #expect(sentences == ["你好。", "真的吗？", "太好了！", "第一；", "第二：", "苹果、", "香蕉"])
    }

    @Test func englishIsCutAfterSentencePunctuationButNotAfterCommas() {
        let sentences = splitter.sentences("Hi there. Really? Yes! One; two: three, four", language: .english)
        #expect(sentences == ["Hi there.", "Really?", "Yes!", "One;", "two:", "three, four"])
    }

    @Test func closingQuoteStaysWithItsSentence() {
        #expect(splitter.sentences("他说“今天很好。”然后走了。", language: .mandarin) == ["他说“今天很好。”", "然后走了。"])
        #expect(splitter.sentences("He said \"Stop.\" Then he left.", language: .english) == ["He said \"Stop.\"", "Then he left."])
    }

    @Test func segmentClosesBeforePassing80UnitsOnceOver60() {
        let text = Array(repeating: chineseSentence(35), count: 4).joined()
        let segments = splitter.segments(text, language: .mandarin)
        #expect(segments.map(\.count) == [70, 70])
    }

    @Test func segmentOfAtMost60UnitsKeepsGrowingPast80() {
        let text = Array(repeating: chineseSentence(30), count: 4).joined()
        let segments = splitter.segments(text, language: .mandarin)
        #expect(segments.map(\.count) == [90, 30])
    }

    @Test func lastPieceUnder20UnitsJoinsThePreviousSegment() {
        let text = chineseSentence(41) + chineseSentence(41) + chineseSentence(10)
        let segments = splitter.segments(text, language: .mandarin)
        #expect(segments.map(\.count) == [92])
    }

    @Test func lastPieceOf20UnitsOrMoreStandsAlone() {
        let text = chineseSentence(41) + chineseSentence(41) + chineseSentence(20)
        let segments = splitter.segments(text, language: .mandarin)
        #expect(segments.map(\.count) == [82, 20])
    }

    @Test func englishUnitsAreWords() {
        let text = Array(repeating: englishSentence(35), count: 4).joined(separator: " ")
        let segments = splitter.segments(text, language: .english)
        #expect(segments.map { splitter.units(in: $0, language: .english) } == [70, 70])
    }

    @Test func longChineseTextIsSplitIntoSegmentsWithinTheLimits() {
        let text = """
        人工智能正在改变我们的生活方式。从智能手机上的语音助手，到自动驾驶汽车，再到医疗诊断系统，它的应用无处不在。\
        然而，这项技术也带来了新的挑战。我们需要思考如何保护个人隐私，如何确保算法公平，以及如何让更多人从中受益。\
        专家们认为，只有政府、企业和公众共同努力，才能让人工智能真正造福社会。未来十年，这一领域仍将快速发展。\
        教育系统也需要随之调整，培养能够与智能机器协作的新一代人才。
        """
        let segments = splitter.segments(text, language: .mandarin)
        #expect(segments.count == 3)
        #expect(segments.joined() == text)
        for segment in segments.dropLast() {
            #expect(segment.count > TextSplitter.minUnits)
            #expect(segment.last == "。")
        }
    }

    @Test func longEnglishTextIsSplitIntoSegmentsWithinTheLimits() {
        let sentence = "The quick brown fox jumps over the lazy dog while the farmer watches from the porch."
        let text = Array(repeating: sentence, count: 8).joined(separator: " ")
        let segments = splitter.segments(text, language: .english)
        // 16 words a sentence: five sentences make exactly 80 words (not past it), a sixth would pass 80.
        #expect(segments.map { splitter.units(in: $0, language: .english) } == [80, 48])
        #expect(segments.joined(separator: " ") == text)
    }

    @Test func punctuationOnlySegmentsAreDropped() {
        #expect(splitter.segments("……！？", language: .mandarin).isEmpty)
        #expect(TextFrontend().segments(for: "。。。!!!", primaryLanguage: .mandarin, streaming: false).isEmpty)
    }
}
