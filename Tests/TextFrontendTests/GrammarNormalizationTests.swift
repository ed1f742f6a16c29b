import CosyVoiceTestTraits
import CosyVoiceTesting
import Foundation
import Testing
@testable import TextFrontend

/// WeTextProcessing's grammars, installed by `scripts/setup`, read text exactly as the `wetext` 0.1.8 Python
/// package reads it (the runtime CosyVoice uses), and the synthesis front end speaks what they read. The
/// package, pinned, is in the test virtualenv `scripts/setup` makes; both readings are taken in the same run.
/// These tests fail, naming the fix, when the grammars or the virtualenv are missing.
@Suite(.offThePool) struct GrammarNormalizationTests {
    /// Every class of the grammars (dates, money, times, percentages, phone numbers, fractions, units, ranges,
    /// ordinals, abbreviations), mixed scripts, huge numbers and texts with nothing to read.
    static let sentences: [(language: Language, text: String)] = [
        (.mandarin, "2024年3月15日"),
        (.mandarin, "¥299.99"),
        (.mandarin, "3:30"),
        (.mandarin, "67.8%"),
        (.mandarin, "010-62345678"),
        (.mandarin, "3/4"),
        (.mandarin, "5kg"),
        (.mandarin, "2019-2023年"),
        (.mandarin, "$19.99"),
        (.english, "March 15, 2024"),
        (.english, "$19.99"),
        (.english, "3:30"),
        (.english, "67.8%"),
        (.english, "3/4"),
        (.english, "5kg"),
        (.english, "2019-2023"),
        (.japanese, "2024年3月15日"),
        (.japanese, "3:30"),
        (.japanese, "¥299.99"),
        (.japanese, "67.8%"),
        (.mandarin, "售价¥58.5，7:45出发。今天是2024年3月15日，气温-3.5℃。"),
        (.mandarin, "我有3个苹果和2只猫"),
        (.mandarin, "今天天气很好"),
        (.mandarin, "电话：13812345678"),
        (.mandarin, "第3章第2节"),
        (.mandarin, "12345678901234567890"),
        (.mandarin, "比分是3:2"),
        (.mandarin, "共计1,234,567元"),
        (.mandarin, "下午3点"),
        (.mandarin, "1/2的人"),
        (.mandarin, "10:30:15开始"),
        (.mandarin, "2024-03-15"),
        (.mandarin, "体重75.5公斤"),
        (.english, "Dr. Smith paid $7.25 on Jan. 5th. He left at 3:30 pm!"),
        (.english, "The 2nd place went to No. 5 with 1,234 points."),
        (.english, "I was born in 1990."),
        (.english, "It costs $5. Then it costs $6, or 7% more. Call 555-123-4567 now!"),
        (.english, "In 2023, about 45.6% of the 1,200 people earned $30,000 to $40,000 a year, and 3/4 of them lived 10km from work."),
        (.english, "Hello world"),
        (.english, "-5 degrees"),
        (.english, "The 21st century"),
        (.japanese, "今日は3時30分に会いましょう。"),
        (.japanese, "価格は1,500円です"),
        (.japanese, "3人で行きます"),
        (.mandarin, "GDP增长5.2%"),
        (.mandarin, "2.5万人参加"),
        (.mandarin, "气温-10度"),
        (.mandarin, "第1名"),
        (.mandarin, "圆周率是3.14159"),
        (.mandarin, "1000000000000000000000"),
        (.mandarin, "上午8:00开会"),
        (.mandarin, "2024/03/15"),
        (.mandarin, "12:00-13:30午休"),
        (.mandarin, "¥1,234.56"),
        (.mandarin, "3-5个工作日"),
        (.mandarin, "一共100个"),
        (.mandarin, "50%的人"),
        (.english, "The 1st time"),
        (.english, "Pi is 3.14"),
        (.english, "Meet me at 10:00 am"),
        (.english, "He is 6 ft tall"),
        (.english, "Call 911"),
        (.english, "100,000,000 stars"),
        (.english, "Add 1/2 cup"),
        (.english, "It costs €20"),
        (.english, "12345678901234567890"),
        (.japanese, "2024年"),
        (.japanese, "100円"),
        (.japanese, "5%"),
        // Mixed scripts, as a request's runs reach each grammar.
        (.mandarin, "我在2024年买了iPhone 15，花了¥5,999"),
        (.mandarin, "CPU占用率达到99.5%，温度85℃"),
        (.english, "The 中文 price is ¥100 and 50% off"),
        (.english, "Version 3.2.1 ships on 2024-03-15"),
        (.japanese, "iPhone 15は10万円です"),
        // Huge and long numbers.
        (.mandarin, "9999999999999999999999999999999999999999"),
        (.mandarin, "共有123456789012345位用户"),
        (.english, "999999999999999999999999999999"),
        (.english, "It weighs 123,456,789.123 kg"),
        (.japanese, "12345678901234567890"),
        // Texts with nothing, or nothing a grammar changes.
        (.mandarin, ""),
        (.english, ""),
        (.japanese, ""),
        (.mandarin, "   "),
        (.english, "..."),
        (.mandarin, "。"),
        (.english, "hello"),
        (.japanese, "こんにちは"),
    ]

    /// The process's grammars, loaded on their own threads; missing ones fail the test with the fix.
    static func grammars() async throws -> GrammarExecutor {
        let grammars = GrammarExecutor.shared()
        let outcome = await grammars.load()
        if case .unavailable(let reason) = outcome {
            Issue.record("text normalisation grammars missing in \(grammars.directory.path): run scripts/setup (\(reason))")
        }
        try #require(outcome.isLoaded)
        return grammars
    }

    @Test("all sentences read exactly as the wetext 0.1.8 package reads them")
    func readsAsWetextReads() async throws {
        let grammars = try await Self.grammars()
        let theirs = try await WetextPackage.normalize(Self.sentences)
        try #require(theirs.count == Self.sentences.count)
        #expect(Self.sentences.count >= 60)
        for ((language, text), reference) in zip(Self.sentences, theirs) {
            let ours = await grammars.normalize(text, grammar: language)
            #expect(ours == reference, "\(language.rawValue): \(text)")
        }
    }

    @Test func synthesisSpeaksTheGrammarsReading() async throws {
        let frontend = TextFrontend(grammars: try await Self.grammars())
        let mandarin = await frontend.segments(normalizing: "售价¥299.99，2019-2023年有效。", primaryLanguage: .mandarin, streaming: false)
        #expect(mandarin.map(\.text) == ["售价两百九十九点九九元，二零一九到二零二三年有效。"])
        let english = await frontend.segments(normalizing: "It opens on March 15, 2024 at 3:30.", primaryLanguage: .english, streaming: false)
        #expect(english.map(\.text) == ["It opens on the fifteenth of march, twenty twenty four at three thirty."])
    }

    @Test func controlTagsNeverReachTheGrammar() async throws {
        let frontend = TextFrontend(grammars: try await Self.grammars())
        let segments = await frontend.segments(normalizing: "[breath]价格是¥19.99<strong>3:30</strong>出发", primaryLanguage: .mandarin, streaming: false)
        #expect(segments.map(\.text).joined() == "价格是十九点九九元三点三十分出发")
        #expect(!segments.contains { $0.text.contains("[") || $0.text.contains("<") })
        // An unknown `<|…|>` marker: the text is spoken as written, as CosyVoice does, not handed to a grammar.
        let marked = await frontend.segments(normalizing: "<|foo|>价格是¥19.99", primaryLanguage: .mandarin, streaming: false)
        #expect(marked.map(\.text).joined().contains("19.99"))
    }

    @Test func japaneseCantoneseAndKoreanKeepTheBuiltInRules() async throws {
        let withGrammars = TextFrontend(grammars: try await Self.grammars())
        let rules = TextFrontend()
        for (text, language) in [("价格是¥19.99", Language.cantonese), ("가격은 19.99", Language.korean), ("3時30分にあいましょう", Language.japanese)] {
            #expect(await withGrammars.segments(normalizing: text, primaryLanguage: language, streaming: false)
                == rules.segments(for: text, primaryLanguage: language, streaming: false))
        }
    }

    @Test func theJapaneseGrammarIsThereForWhoeverAsks() async throws {
        let grammars = try await Self.grammars()
        #expect(await grammars.normalize("3時30分", grammar: .japanese) == "三時三十分")
        #expect(await grammars.normalize("3時30分", grammar: .korean) == nil)
    }

    @Test func missingGrammarsAreReportedOnceAndTheRulesStillRead() async throws {
        let empty = TestDirectory.fresh("no-grammars")
        let missing = GrammarExecutor.shared(directory: empty)
        #expect(!(await missing.load()).isLoaded)
        #expect(GrammarExecutor.shared(directory: empty) === missing)
        #expect(await missing.normalize("2024年3月15日", grammar: .mandarin) == nil)
        let frontend = TextFrontend(grammars: missing)
        #expect(await frontend.segments(normalizing: "2024年3月15日", primaryLanguage: .mandarin, streaming: false).map(\.text)
            == ["二零二四年三月十五日"])
    }

    @Test func longTextIsReadSentenceBySentenceLikeTheWhole() async throws {
        let grammars = try await Self.grammars()
        let sentence = "售价¥58.5，7:45出发。"
        let spoken = await grammars.normalize(String(repeating: sentence, count: 40), grammar: .mandarin)
        #expect(spoken == String(repeating: "售价五十八点五元，七点四十五分出发。", count: 40))
    }

    @Test func chunksGiveBackTheText() {
        let text = "第一句。Second one! It is on Jan. 5th; " + String(repeating: "1", count: 400)
        let chunks = LanguageGrammar.chunks(of: text)
        #expect(chunks.joined() == text)
        #expect(chunks.allSatisfy { $0.count <= LanguageGrammar.maxChunkCharacters })
        #expect(Array(chunks.prefix(3)) == ["第一句。", "Second one!", " It is on Jan. 5th;"])
    }
}

/// The `wetext` Python package in the test virtualenv (`scripts/setup`: `Tests/requirements-wetext.txt`).
enum WetextPackage {
    struct Missing: Error, CustomStringConvertible {
        var path: String
        var description: String { "no Python environment with wetext at \(path): run scripts/setup" }
    }

    /// Reads each sentence with `Normalizer(lang=…, operator="tn").normalize(text)`, as CosyVoice calls it; nil
    /// where the package raises (no path).
    static let script = """
        import json, sys
        from wetext import Normalizer
        normalizers, readings = {}, []
        for language, text in json.load(open(sys.argv[1], encoding="utf-8")):
            normalizer = normalizers.setdefault(language, Normalizer(lang=language, operator="tn"))
            try:
                readings.append(normalizer.normalize(text))
            except Exception:
                readings.append(None)
        json.dump(readings, sys.stdout, ensure_ascii=False)
        """

    static func normalize(_ sentences: [(language: Language, text: String)]) async throws -> [String?] {
        let python = Fixtures.repository.appendingPathComponent(".build-python/venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else { throw Missing(path: python.path) }
        let input = TestDirectory.fresh("wetext").appendingPathExtension("json")
        defer { try? FileManager.default.removeItem(at: input) }
        try JSONSerialization.data(withJSONObject: sentences.map { [$0.language.rawValue, $0.text] }).write(to: input)
        let outcome = try await ChildProcess.run(python, ["-c", script, input.path])
        try #require(outcome.status == 0, "wetext failed: \(outcome.standardError)")
        return try JSONDecoder().decode([String?].self, from: Data(outcome.standardOutput.utf8))
    }
}
