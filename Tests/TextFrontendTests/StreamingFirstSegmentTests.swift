import CosyVoiceTestTraits
import Testing
@testable import TextFrontend

/// frontend.md §1 latency rule: a stream's first segment is short, cut at a clause or phrase boundary, never
/// inside a word, and does not end a sentence.
@Suite(.offThePool) struct StreamingFirstSegmentTests {
    let frontend = TextFrontend()

    func words(_ text: String) -> [Substring] { text.split(separator: " ") }

    @Test func firstSegmentIsCutAtTheFirstCommaAfterAFewWords() {
        let text = "When the rain finally stopped, the children ran outside to play in the puddles."
        let result = frontend.segments(for: text, primaryLanguage: .english, streaming: true)
        #expect(result.first?.text == "When the rain finally stopped,")
        #expect(result.first?.endsSentence == false)
        #expect(result.dropFirst().map(\.text) == ["the children ran outside to play in the puddles."])
        #expect(result.last?.endsSentence == true)
    }

    @Test func firstSegmentIsCutBeforeAConjunctionOrPrepositionWhenNoCommaComes() {
        let text = "The quick brown fox jumps over the lazy dog near the river bank today."
        let result = frontend.segments(for: text, primaryLanguage: .english, streaming: true)
        #expect(result.first?.text == "The quick brown fox jumps")
        #expect(result.dropFirst().first?.text == "over the lazy dog near the river bank today.")
    }

    @Test func firstSegmentIsNeverCutInsideAWord() {
        let text = "Seventeen enormous purple elephants danced gracefully yesterday evening beside tiny yellow giraffes."
        let result = frontend.segments(for: text, primaryLanguage: .english, streaming: true)
        let head = words(result[0].text)
        #expect((3...6).contains(head.count))
        #expect(Array(words(text).prefix(head.count)) == head)
        #expect(result.map(\.text).joined(separator: " ") == text)
    }

    @Test func restOfTheTextFollowsTheNormalRules() {
        let sentence = "The quick brown fox jumps over the lazy dog while the farmer watches from the porch."
        let text = Array(repeating: sentence, count: 8).joined(separator: " ")
        let result = frontend.segments(for: text, primaryLanguage: .english, streaming: true)
        #expect(words(result[0].text).count <= FirstSegmentCut.wordLimits.maximum)
        #expect(result.count == 3)
        #expect(result.map(\.text).joined(separator: " ") == text)
        #expect(result.map(\.endsSentence) == [false, true, true])
    }

    @Test func withoutStreamingTheFirstSegmentIsNotCut() {
        let text = "When the rain finally stopped, the children ran outside to play in the puddles."
        #expect(frontend.segments(for: text, primaryLanguage: .english, streaming: false).map(\.text) == [text])
    }

    @Test func shortFirstSentenceGoesWholeAndAlone() {
        let text = "Hello there. " + Array(repeating: "This sentence is long enough to merge with others.", count: 3).joined(separator: " ")
        let result = frontend.segments(for: text, primaryLanguage: .english, streaming: true)
        #expect(result.first?.text == "Hello there.")
        #expect(result.first?.endsSentence == true)
    }

    @Test func chineseFirstSegmentIsCutAtTheFirstComma() {
        let text = "今天天气非常好，我们一起去公园散步然后去吃饭吧。"
        let result = frontend.segments(for: text, primaryLanguage: .mandarin, streaming: true)
        #expect(result.map(\.text) == ["今天天气非常好，", "我们一起去公园散步然后去吃饭吧。"])
        #expect(result.map(\.endsSentence) == [false, true])
    }

    @Test func chineseFirstSegmentIsCutBeforeAConjunctionWhenNoCommaComes() {
        let text = "我们明天一起去公园因为天气很好而且人也不多。"
        let result = frontend.segments(for: text, primaryLanguage: .mandarin, streaming: true)
        #expect(result.map(\.text) == ["我们明天一起去公园", "因为天气很好而且人也不多。"])
    }

    @Test func chineseFirstSegmentStaysWithinTenCharacters() {
        let text = "这是一个很长的句子没有任何标点符号也没有连词可以切分的地方真的很长啊。"
        let result = frontend.segments(for: text, primaryLanguage: .mandarin, streaming: true)
        #expect((4...10).contains(result[0].text.count))
        #expect(result.map(\.text).joined() == text)
    }
}

/// Japanese is cut where a phrase ends: hiragana (particles, endings) followed by the kanji or katakana of the
/// next word, never inside a word.
@Suite(.offThePool) struct JapaneseFirstSegmentTests {
    let frontend = TextFrontend()

    @Test(arguments: [
        ("東京駅から新幹線で三番目の列車に乗ります。", "東京駅から"),
        ("来週の月曜日に大阪で会議がありますので準備してください。", "来週の月曜日に"),
        ("この本は図書館で借りることができますが返却期限があります。", "この本は"),
        // The phrase ends nearest the window are after 3 and 11 characters: the earlier one.
        ("新しいスマートフォンを買いに駅前の店へ行きました。", "新しい"),
    ])
    func theHeadEndsWhereAPhraseEnds(text: String, head: String) {
        let segments = frontend.segments(for: text, primaryLanguage: .japanese, streaming: true)
        #expect(segments.first?.text == head)
        #expect(segments.first?.endsSentence == false)
        #expect(segments.map(\.text).joined() == text)
    }

    @Test func aCommaInTheWindowComesFirst() {
        let text = "私は毎朝七時に起きて、コーヒーを飲みます。"
        let segments = frontend.segments(for: text, primaryLanguage: .japanese, streaming: true)
        #expect(segments.first?.text == "私は毎朝七時に起きて、")
    }

    @Test func withoutAnyPhraseEndTheCutFallsAfterEightCharacters() {
        let text = "ありがとうございましたまたのおこしをおまちしております。"
        let segments = frontend.segments(for: text, primaryLanguage: .japanese, streaming: true)
        #expect(segments.first?.text == String(text.prefix(8)))
        #expect(segments.map(\.text).joined() == text)
    }
}

/// Short sentences (assistant replies, IVR prompts) are cut too, at a word that does not lean on the next.
@Suite(.offThePool) struct ShortSentenceFirstSegmentTests {
    let frontend = TextFrontend()

    @Test(arguments: [
        ("Thanks for calling our support line. Please hold for the next agent.", "Thanks for calling"),
        ("The meeting moved to three o'clock. Room four is booked for you.", "The meeting moved"),
        ("I found two restaurants near you. Both are open until ten tonight.", "I found two restaurants"),
        ("Your balance is forty two dollars. The next payment is due Friday.", "Your balance"),
        ("It will rain this afternoon in Boston. Take an umbrella with you.", "It will rain this afternoon"),
    ])
    func aSentenceOfSixWordsOrMoreIsCutAfterAFewWords(text: String, head: String) {
        let segments = frontend.segments(for: text, primaryLanguage: .english, streaming: true)
        #expect(segments.first?.text == head)
        #expect(segments.first?.endsSentence == false)
        #expect(segments.map(\.text).joined(separator: " ") == text)
    }

    @Test func aSentenceOfFiveWordsGoesWhole() {
        let segments = frontend.segments(for: "Your order has shipped today. It will arrive on Tuesday morning.",
                                         primaryLanguage: .english, streaming: true)
        #expect(segments.first?.text == "Your order has shipped today.")
        #expect(segments.first?.endsSentence == true)
    }

    @Test func theHeadNeverEndsOnAWordThatLeansOnTheNextAndLeavesTwoWordsBehind() {
        let sentences = [
            "Please enter your account number now.", "The doctor will see you at noon today.",
            "We have sent a code to your phone.", "This is the last call for flight nine.",
            "My name is Anna and I will help.", "Your package is at the front door.",
        ]
        for sentence in sentences {
            let segments = frontend.segments(for: sentence, primaryLanguage: .english, streaming: true)
            let head = segments[0].text.split(separator: " ")
            let tail = segments.dropFirst().map(\.text).joined(separator: " ").split(separator: " ")
            #expect(head.count >= 2 && head.count <= FirstSegmentCut.wordLimits.maximum, "\(segments.map(\.text))")
            #expect(tail.count >= FirstSegmentCut.wordLimits.minimumTail, "\(segments.map(\.text))")
            #expect(!FirstSegmentCut.englishProclitics.contains(head.last!.lowercased()), "\(segments.map(\.text))")
        }
    }
}
