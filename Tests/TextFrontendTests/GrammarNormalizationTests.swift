import Foundation
import Testing
@testable import TextFrontend

/// WeTextProcessing's grammars, installed by `scripts/setup`, read text exactly as the `wetext` 0.1.8 runtime
/// reads it, and the synthesis front end speaks what they read. These tests use the installed grammars and
/// fail, naming the fix, when they are missing.
@Suite struct GrammarNormalizationTests {
    /// What `wetext` 0.1.8 itself answers: `Normalizer(lang=…, operator="tn").normalize(text)`, run once with
    /// the wheel's own Python runtime (and kaldifst) in a throw-away virtualenv; the strings are copied here.
    static let wetextReadings: [(language: Language, text: String, spoken: String)] = [
        (.mandarin, "2024年3月15日", "二零二四年三月十五日"),
        (.mandarin, "¥299.99", "两百九十九点九九元"),
        (.mandarin, "3:30", "三点三十分"),
        (.mandarin, "67.8%", "百分之六十七点八"),
        (.mandarin, "010-62345678", "零一零六二三四五六七八"),
        (.mandarin, "3/4", "四分之三"),
        (.mandarin, "5kg", "五千克"),
        (.mandarin, "2019-2023年", "二零一九到二零二三年"),
        (.mandarin, "$19.99", "十九点九九美元"),
        (.english, "March 15, 2024", "the fifteenth of march, twenty twenty four"),
        (.english, "$19.99", "nineteen point nine nine dollars"),
        (.english, "3:30", "three thirty"),
        (.english, "67.8%", "sixty seven point eight percent"),
        (.english, "3/4", "three quarters"),
        (.english, "5kg", "five kilograms"),
        (.english, "2019-2023", "two thousand and nineteen to two thousand and twenty three"),
        (.japanese, "2024年3月15日", "二千二十四年三月十五日"),
        (.japanese, "3:30", "三時三十分"),
        (.japanese, "¥299.99", "二百九十九点九九円"),
        (.japanese, "67.8%", "六十七点八パーセント"),
        (.mandarin, "售价¥58.5，7:45出发。今天是2024年3月15日，气温-3.5℃。", "售价五十八点五元，七点四十五分出发。今天是二零二四年三月十五日，气温负三点五摄氏度。"),
        (.mandarin, "我有3个苹果和2只猫", "我有三个苹果和两只猫"),
        (.mandarin, "今天天气很好", "今天天气很好"),
        (.mandarin, "电话：13812345678", "电话：幺三八幺二三四五六七八"),
        (.mandarin, "第3章第2节", "第三章第二节"),
        (.mandarin, "12345678901234567890", "幺二三四五六七八九零幺两亿三千四百五十六万七千八百九十"),
        (.mandarin, "比分是3:2", "比分是三比二"),
        (.mandarin, "共计1,234,567元", "共计一百二十三万四千五百六十七元"),
        (.mandarin, "下午3点", "下午三点"),
        (.mandarin, "1/2的人", "二分之一的人"),
        (.mandarin, "10:30:15开始", "十点三十分十五秒开始"),
        (.mandarin, "2024-03-15", "二零二四年三月十五日"),
        (.mandarin, "体重75.5公斤", "体重七十五点五公斤"),
        (.english, "Dr. Smith paid $7.25 on Jan. 5th. He left at 3:30 pm!", "doctor Smith paid seven point two five dollars on the fifth of january. He left at three thirty PM!"),
        (.english, "The 2nd place went to No. 5 with 1,234 points.", "The second place went to Number. five with thousand two hundred and thirty four points."),
        (.english, "I was born in 1990.", "I was born in nineteen ninety."),
        (.english, "It costs $5. Then it costs $6, or 7% more. Call 555-123-4567 now!", "It costs five dollars. Then it costs six dollars, or seven percent more. Call five five five, one two three, four five six seven now!"),
        (.english, "In 2023, about 45.6% of the 1,200 people earned $30,000 to $40,000 a year, and 3/4 of them lived 10km from work.", "In twenty twenty three, about forty five point six percent of the thousand two hundred people earned thirty thousand dollars to forty thousand dollars a year, and three quarters of them lived ten kilometers from work."),
        (.english, "Hello world", "Hello world"),
        (.english, "-5 degrees", "negative five degrees"),
        (.english, "The 21st century", "The twenty first century"),
        (.japanese, "今日は3時30分に会いましょう。", "今日は三時三十分に会いましょう。"),
        (.japanese, "価格は1,500円です", "価格は千五百円です"),
        (.japanese, "3人で行きます", "三人で行きます"),
        (.mandarin, "GDP增长5.2%", "GDP增长百分之五点二"),
        (.mandarin, "2.5万人参加", "二点五万人参加"),
        (.mandarin, "气温-10度", "气温负十度"),
        (.mandarin, "第1名", "第一名"),
        (.mandarin, "圆周率是3.14159", "圆周率是三点一四一五九"),
        (.mandarin, "1000000000000000000000", "幺零零零零零零零零零零零零零零零零零零零零零"),
        (.mandarin, "上午8:00开会", "上午八点开会"),
        (.mandarin, "2024/03/15", "二零二四年三月十五日"),
        (.mandarin, "12:00-13:30午休", "十二点到十三点三十分午休"),
        // wetext's own reading, quirk included: its money grammar takes no thousands separator.
        (.mandarin, "¥1,234.56", "一元,两百三十四点五六"),
        (.mandarin, "3-5个工作日", "三到五个工作日"),
        (.mandarin, "一共100个", "一共一百个"),
        (.mandarin, "50%的人", "百分之五十的人"),
        (.english, "The 1st time", "The first time"),
        (.english, "Pi is 3.14", "Pi is three point one four"),
        (.english, "Meet me at 10:00 am", "Meet me at ten AM"),
        (.english, "He is 6 ft tall", "He is six feet tall"),
        (.english, "Call 911", "Call nine hundred and eleven"),
        (.english, "100,000,000 stars", "one hundred million stars"),
        (.english, "Add 1/2 cup", "Add one half cup"),
        (.english, "It costs €20", "It costs twenty euros"),
        (.english, "12345678901234567890", "one two three four five six seven eight nine oh one two three four five six seven eight nine oh"),
        (.japanese, "2024年", "二千二十四年"),
        (.japanese, "100円", "百円"),
        (.japanese, "5%", "五パーセント"),
    ]

    static let loaded = Result { try NormalizationGrammars() }

    /// The installed grammars; a test that needs them fails with the fix when they are missing.
    static func grammars() throws -> NormalizationGrammars {
        do {
            return try loaded.get()
        } catch {
            Issue.record("text normalisation grammars missing in \(NormalizationGrammars.defaultDirectory.path): run scripts/setup (\(error))")
            throw error
        }
    }

    @Test(arguments: wetextReadings.indices)
    func readsAsWetextReads(_ index: Int) throws {
        let (language, text, spoken) = Self.wetextReadings[index]
        let grammar = try #require(try Self.grammars().grammar(for: language))
        #expect(grammar.normalize(text) == spoken, "\(language.rawValue): \(text)")
    }

    @Test func synthesisSpeaksTheGrammarsReading() throws {
        let frontend = TextFrontend(grammars: try Self.grammars())
        #expect(frontend.usesGrammars)
        let mandarin = frontend.segments(for: "售价¥299.99，2019-2023年有效。", primaryLanguage: .mandarin, streaming: false)
        #expect(mandarin.map(\.text) == ["售价两百九十九点九九元，二零一九到二零二三年有效。"])
        let english = frontend.segments(for: "It opens on March 15, 2024 at 3:30.", primaryLanguage: .english, streaming: false)
        #expect(english.map(\.text) == ["It opens on the fifteenth of march, twenty twenty four at three thirty."])
    }

    @Test func controlTagsNeverReachTheGrammar() throws {
        let frontend = TextFrontend(grammars: try Self.grammars())
        let segments = frontend.segments(for: "[breath]价格是¥19.99<strong>3:30</strong>出发", primaryLanguage: .mandarin, streaming: false)
        #expect(segments.map(\.text).joined() == "价格是十九点九九元三点三十分出发")
        #expect(!segments.contains { $0.text.contains("[") || $0.text.contains("<") })
    }

    @Test func japaneseCantoneseAndKoreanKeepTheBuiltInRules() throws {
        let withGrammars = TextFrontend(grammars: try Self.grammars())
        let rules = TextFrontend()
        for (text, language) in [("价格是¥19.99", Language.cantonese), ("가격은 19.99", Language.korean), ("3時30分にあいましょう", Language.japanese)] {
            #expect(withGrammars.segments(for: text, primaryLanguage: language, streaming: false)
                == rules.segments(for: text, primaryLanguage: language, streaming: false))
        }
    }

    @Test func missingGrammarsAreAnErrorAndTheRulesStillRead() throws {
        let empty = FileManager.default.temporaryDirectory.appending(path: "no-grammars-\(UUID().uuidString)")
        #expect(throws: (any Error).self) { try NormalizationGrammars(directory: empty) }
        let rules = TextFrontend(grammars: nil)
        #expect(!rules.usesGrammars)
        #expect(rules.segments(for: "2024年3月15日", primaryLanguage: .mandarin, streaming: false).map(\.text) == ["二零二四年三月十五日"])
    }

    @Test func longTextIsReadSentenceBySentenceLikeTheWhole() throws {
        let grammar = try #require(try Self.grammars().grammar(for: .mandarin))
        let sentence = "售价¥58.5，7:45出发。"
        let text = String(repeating: sentence, count: 40)
        let started = ContinuousClock.now
        let spoken = grammar.normalize(text)
        #expect(spoken == String(repeating: "售价五十八点五元，七点四十五分出发。", count: 40))
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func chunksGiveBackTheText() {
        let text = "第一句。Second one! It is on Jan. 5th; " + String(repeating: "1", count: 400)
        let chunks = LanguageGrammar.chunks(of: text)
        #expect(chunks.joined() == text)
        #expect(chunks.allSatisfy { $0.count <= LanguageGrammar.maxChunkCharacters })
        #expect(Array(chunks.prefix(3)) == ["第一句。", "Second one!", " It is on Jan. 5th;"])
    }
}
