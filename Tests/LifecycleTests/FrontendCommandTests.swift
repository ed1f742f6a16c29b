import CosyVoiceTesting
import Foundation
import Glibc
import Testing

/// `cosyvoice frontend` prints what synthesis would speak, and `serve` reads text through the installed
/// normalisation grammars, or without them through the built-in rules: through the real binary.
@Suite("frontend: the segments synthesis would speak, read by the grammars")
struct FrontendCommandTests {
    struct Output: Decodable {
        struct Segment: Decodable {
            var text: String
            var language: String
            var voice: String
            var input: String?
            var first: Bool
        }

        var segments: [Segment]
    }

    func frontend(_ arguments: [String]) async throws -> (output: Output, standardError: String) {
        let data = TestDirectory.fresh("frontend")
        defer { try? FileManager.default.removeItem(at: data) }
        let outcome = try await ChildProcess.run(ServerProcess.binary, ["frontend", "--json", "--data-dir", data.path] + arguments)
        try #require(outcome.status == 0, "\(outcome.standardError)")
        return (try JSONDecoder().decode(Output.self, from: Data(outcome.standardOutput.utf8)), outcome.standardError)
    }

    @Test("Mandarin: the grammars' reading, its language, voice and pinyin")
    func mandarinSegments() async throws {
        let (output, standardError) = try await frontend(["--speaker", "中文女", "--no-stream", "售价¥299.99，2019-2023年有效。"])
        #expect(!standardError.contains("scripts/setup"), "grammars missing: run scripts/setup")
        #expect(output.segments.map(\.text) == ["售价两百九十九点九九元，二零一九到二零二三年有效。"])
        #expect(output.segments.map(\.language) == ["zh"])
        #expect(output.segments.map(\.first) == [false])
        if output.segments.first?.voice.hasPrefix("mandarin:") == true {
            #expect(output.segments.first?.input?.contains("er4 ling2 yi1 jiu3 dao4") == true, "\(output.segments)")
        }
    }

    @Test("English, streamed: the short first segment is marked and every segment has phonemes")
    func englishStreamedSegments() async throws {
        let (output, _) = try await frontend(["--speaker", "英文男", "It opens on March 15, 2024 at 3:30. Tickets cost $19.99."])
        #expect(output.segments.map(\.text).joined(separator: " ")
            == "It opens on the fifteenth of march, twenty twenty four at three thirty. Tickets cost nineteen point nine nine dollars.")
        #expect(output.segments.count >= 2)
        #expect(output.segments.map(\.first) == [true] + Array(repeating: false, count: output.segments.count - 1))
        #expect(output.segments.allSatisfy { $0.language == "en" && $0.voice == "piper:en_US-joe-medium" && $0.input?.isEmpty == false })
    }

    @Test("Japanese keeps its digits for espeak-ng's Japanese voice, which reads them; the grammar's kanji it would not")
    func japaneseSegments() async throws {
        let (output, _) = try await frontend(["--speaker", "日语男", "--no-stream", "会議は3時30分に始まります。"])
        #expect(output.segments.map(\.language) == ["ja"])
        #expect(output.segments.allSatisfy { $0.voice.hasPrefix("espeak:") }, "\(output.segments)")
        #expect(output.segments.map(\.text).joined().contains("3時30分"), "\(output.segments)")
    }

    @Test("Japanese kanji: the readings each voice is given, MeCab's kana for espeak-ng and phonemes for Kokoro")
    func japaneseReadings() async throws {
        let text = "東京駅から新幹線で三番目の列車に乗ります。"
        let (espeak, _) = try await frontend(["--speaker", "日语男", "--no-stream", text])
        let kana = try #require(espeak.segments.first?.input, "\(espeak.segments)").replacingOccurrences(of: " ", with: "")
        #expect(kana.contains("トーキョーエキ") || kana.contains("トウキョウエキ"), "\(kana)")
        #expect(kana.contains("シンカンセン") && kana.contains("サンバンメ") && kana.contains("レッシャ"), "\(kana)")
        #expect(!kana.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "kanji left unread: \(kana)")

        let (kokoro, _) = try await frontend(["--speaker", "jm_kumo", "--no-stream", text])
        #expect(kokoro.segments.allSatisfy { $0.voice == "kokoro:jm_kumo" }, "\(kokoro.segments)")
        let phonemes = try #require(kokoro.segments.first?.input)
        // 新幹線 and 三番目, ん assimilated to the sound after it.
        #expect(phonemes.contains("ɕiŋkaɴseɴ") && phonemes.contains("sambamme"), "\(phonemes)")
    }

    @Test("without the grammar files the built-in rules read the text, and the command says so")
    func missingGrammarsFallBackToTheRules() async throws {
        let (output, standardError) = try await frontend(["--speaker", "中文女", "--no-stream", "--grammars-dir", "/nonexistent", "售价¥299.99"])
        #expect(standardError.contains("scripts/setup"))
        #expect(output.segments.map(\.text).joined().hasSuffix("九十九点九九元"))
        #expect(output.segments.map(\.text) != ["售价两百九十九点九九元"])
    }

    @Test("serve without the grammar files logs it once and is ready")
    func serveWithoutGrammarsIsReady() async throws {
        let directory = TestDirectory.fresh("frontend-serve")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let server = try await ServerProcess.start(dataDirectory: directory, arguments: ["--grammars-dir", "/nonexistent"])
        defer { server.signal(SIGKILL) }
        #expect(try await server.get("/ready").status == 200)
        #expect(server.output.components(separatedBy: "text normalisation grammars not loaded").count == 2, "\(server.output)")
    }
}
