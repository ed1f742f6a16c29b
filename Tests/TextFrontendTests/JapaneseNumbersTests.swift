import CosyVoiceTestTraits
import Testing
@testable import TextFrontend

/// Numbers as Japanese reads them.
@Suite(.offThePool) struct JapaneseNumbersTests {
    @Test(arguments: [
        ("0", "ぜろ"), ("7", "なな"), ("10", "じゅう"), ("11", "じゅういち"), ("20", "にじゅう"), ("99", "きゅうじゅうきゅう"),
        ("100", "ひゃく"), ("123", "ひゃくにじゅうさん"), ("300", "さんびゃく"), ("600", "ろっぴゃく"), ("800", "はっぴゃく"),
        ("1000", "せん"), ("3000", "さんぜん"), ("8000", "はっせん"), ("2024", "にせんにじゅうよん"),
        ("10000", "いちまん"), ("12345", "いちまんにせんさんびゃくよんじゅうご"), ("10000000", "いっせんまん"),
        ("100000000", "いちおく"), ("120000000", "いちおくにせんまん"), ("1000000000000", "いっちょう"),
        ("8000000000000", "はっちょう"), ("10000000000000", "じゅっちょう"), ("10000000000000000", "いっけい"),
        ("007", "ぜろぜろなな"), ("123456789012345678901", "いちにさんよんごろくななはちきゅうぜろいちにさんよんごろくななはちきゅうぜろいち"),
    ])
    func readsDigits(digits: String, kana: String) {
        #expect(JapaneseNumbers.reading(ofDigits: Substring(digits)) == kana)
    }

    @Test func readsDecimals() {
        #expect(JapaneseNumbers.reading(whole: "3", fraction: "14") == "さんてんいちよん")
    }

    @Test func findsNumbersInText() {
        #expect(JapaneseText.runs("価格は1,234円で3.5%です") == [
            .text("価格は"), .number(whole: "1234", fraction: nil), .text("円で"), .number(whole: "3", fraction: "5"), .text("%です"),
        ])
        // A comma not followed by a group of three digits is punctuation.
        #expect(JapaneseText.runs("1,2") == [.number(whole: "1", fraction: nil), .text(","), .number(whole: "2", fraction: nil)])
    }

    @Test func normalisesWidthAndRanges() {
        #expect(JapaneseText.normalized("ＡＢＣ１２３ｶﾀｶﾅ") == "ABC123カタカナ")
        #expect(JapaneseText.normalized("5〜10人") == "5から10人")
        #expect(JapaneseText.normalized("ㇰ") == "ク")
    }

    @Test(arguments: [("三百二十", "320"), ("二〇二四", "2024"), ("五万", "50000"), ("千五百", "1500"), ("十", "10"), ("一億二千万", "120000000")])
    func readsKanjiNumerals(text: String, digits: String) {
        #expect(KanjiNumerals.digitString(text) == digits)
    }
}

/// Numbers with counters, and the sound changes between them.
@Suite(.offThePool) struct JapaneseCounterTests {
    @Test(arguments: [
        ("1", "本", "いっぽん"), ("3", "本", "さんぼん"), ("6", "本", "ろっぽん"), ("2", "本", "にほん"),
        ("1", "分", "いっぷん"), ("3", "分", "さんぷん"), ("5", "分", "ごふん"), ("10", "分", "じゅっぷん"), ("30", "分", "さんじゅっぷん"),
        ("1", "人", "ひとり"), ("2", "人", "ふたり"), ("4", "人", "よにん"), ("12", "人", "じゅうににん"),
        ("1", "日", "ついたち"), ("20", "日", "はつか"), ("15", "日", "じゅうごにち"), ("4", "月", "しがつ"), ("10", "月", "じゅうがつ"),
        ("4", "時", "よじ"), ("9", "時", "くじ"), ("3", "時", "さんじ"), ("8", "歳", "はっさい"), ("2024", "年", "にせんにじゅうよねん"),
        ("3", "階", "さんがい"), ("1", "回", "いっかい"), ("6", "個", "ろっこ"), ("3980", "円", "さんぜんきゅうひゃくはちじゅうえん"),
    ])
    func readsCounters(digits: String, counter: String, kana: String) {
        #expect(JapaneseNumbers.reading(ofDigits: Substring(digits), counter: counter) == kana)
    }

    @Test func findsTheLongestCounter() {
        #expect(JapaneseNumbers.counter(atStartOf: "時間です") == "時間")
        #expect(JapaneseNumbers.counter(atStartOf: "時に") == "時")
        #expect(JapaneseNumbers.counter(atStartOf: "メートル") == nil)
    }
}
