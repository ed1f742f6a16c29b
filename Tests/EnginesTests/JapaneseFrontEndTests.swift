import CosyVoiceTestTraits
import CosyVoiceTesting
import Foundation
import Testing
import TextFrontend
@testable import Engines

/// The Japanese front end with the real MeCab and IPAdic that setup installs, and the word list and phoneme
/// vocabulary of the installed Kokoro voices.
@Suite(.offThePool) struct JapaneseFrontEndTests {
    static let voicesDirectory = URL(fileURLWithPath: "/usr/local/share/cosyvoice/voices")
    /// Loaded once, on a thread of its own: MeCab and the 150 000-word list take seconds in a debug build, and
    /// tests waiting on a static initialiser would hold the cooperative pool meanwhile.
    static let loading = Task { await offThePool { try! KokoroVoices.frontEnd(voicesDirectories: [voicesDirectory]) } }
    static var frontEnd: JapaneseFrontEnd { get async { await loading.value } }
    /// The symbols of the installed model's tokens.txt.
    static let vocabulary: Set<Unicode.Scalar> = try! KokoroVoices.tokenSymbols(
        voicesDirectory.appending(path: "\(KokoroVoices.folderName)/tokens.txt"),
        invalid: { EngineError.invalidVoice(path: "tokens.txt", reason: $0) })

    /// Sentences with kanji, numbers, katakana loanwords and mixed punctuation.
    static let sentences = [
        "東京駅から新幹線で三番目の列車に乗ります。",
        "私は毎朝七時に起きて、コーヒーを飲みます。",
        "今日はとても良い天気ですね。",
        "この本は2024年に出版されました。",
        "会議は午後3時30分から始まります。",
        "大阪城の桜がきれいに咲いています。",
        "コンピューターのソフトウェアを更新してください。",
        "駅の近くに新しいレストランができました。",
        "明日の天気予報によると、雨が降るそうです。",
        "彼女はピアノとヴァイオリンを弾くことができます。",
        "日本の人口は約1億2千万人です。",
        "このシャツは3,980円です。",
        "富士山の高さは3776メートルです。",
        "図書館で勉強している学生がたくさんいます。",
        "すみません、トイレはどこですか？",
        "ありがとうございました！またお越しください。",
        "「こんにちは」と彼は言った。",
        "北海道は冬になると雪がたくさん降ります。",
        "インターネットで情報を検索しました。",
        "子供たちは公園でサッカーをしています。",
        "電車が5分遅れて到着しました。",
        "京都には古いお寺や神社がたくさんあります。",
        "新型のスマートフォンは来月発売されます。",
        "兄は銀行で働いています。",
        "来週の金曜日に友達と映画を見に行きます。",
        "ティッシュペーパーを取ってください。",
        "気温は摂氏25.5度まで上がりました。",
        "この町の歴史は三百年以上前にさかのぼります。",
        "私たちは学校へ行きます。",
        "お茶とケーキをいただきました。",
        "ファイルを保存してからアプリを閉じてください。",
        "一緒に晩ご飯を食べませんか？",
        "第2回の会議は10月15日です。",
        "人々は時々、少々の雨なら傘を差しません。",
    ]

    @Test func readsKanjiThroughTheDictionary() async {
        let reading = await Self.frontEnd.reading(of: "東京駅から新幹線で三番目の列車に乗ります。")
        let readings = Dictionary(reading.words.map { ($0.surface, $0.reading) }, uniquingKeysWith: { first, _ in first })
        #expect(readings["東京"] == "トーキョー" || readings["東京駅"] == "トーキョーエキ")
        #expect(readings["新幹線"] == "シンカンセン")
        #expect(readings["列車"] == "レッシャ")
        #expect(reading.phonemes.hasPrefix("toːkʲoː"))
        #expect(reading.phonemes.contains("ɕiŋkaɴseɴ"))
        #expect(reading.phonemes.contains("ɾeʔɕa"))
        #expect(reading.phonemes.hasSuffix("."))
    }

    /// What `cosyvoice frontend --json` shows for Japanese: each word with its reading and where it came from.
    @Test func readingsEncodeAsJSON() async throws {
        let reading = await Self.frontEnd.reading(of: "東京駅から新幹線で三番目の列車に乗ります。")
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(reading)) as? [String: Any])
        let words = try #require(object["words"] as? [[String: Any]])
        #expect(words.contains { $0["surface"] as? String == "新幹線" && $0["reading"] as? String == "シンカンセン"
            && $0["source"] as? String == "dictionary" && $0["phonemes"] as? String == "ɕiŋkaɴseɴ" })
        #expect(object["phonemes"] as? String == reading.phonemes)
    }

    @Test func particlesReadAsSpoken() async {
        // は as ワ, へ as エ; the long vowel of 学校 from the pronunciation field.
        let phonemes = await Self.frontEnd.reading(of: "私は学校へ行きます。").phonemes
        #expect(phonemes.contains("βataɕi βa"))
        #expect(phonemes.contains("ɡaʔkoː e"))
    }

    @Test func readsNumbersWithTheirCounters() async {
        let words = await Self.frontEnd.reading(of: "123人と三百二十円、3本と一本、2024年10月1日、午後3時30分から").words
        let numbers = words.filter { $0.source == .number }.map { "\($0.surface)=\($0.reading)" }
        #expect(numbers == ["123人=ひゃくにじゅうさんにん", "三百二十円=さんびゃくにじゅうえん", "3本=さんぼん", "一本=いっぽん",
                            "2024年=にせんにじゅうよねん", "10月=じゅうがつ", "1日=ついたち", "3時=さんじ", "30分=さんじゅっぷん"])
        // What follows a counter is analysed as usual: から stays a particle.
        #expect(words.last?.reading == "カラ")
    }

    @Test func everySentenceBecomesPhonemesTheModelKnows() async {
        #expect(Self.sentences.count >= 30)
        for sentence in Self.sentences {
            let reading = await Self.frontEnd.reading(of: sentence)
            let unknown = Set(reading.phonemes.unicodeScalars).subtracting(Self.vocabulary)
            #expect(unknown.isEmpty, "\(sentence): \(reading.phonemes) has \(unknown.map { String($0) })")
            #expect(!reading.words.contains { $0.source == .unread }, "\(sentence): \(reading.words.filter { $0.source == .unread })")
            // Every character that is not punctuation made it into some word's reading.
            let spokenSurface = reading.words.filter { $0.source != .punctuation }.map(\.surface).joined()
            #expect(spokenSurface.count >= sentence.filter { $0.isLetter || $0.isNumber }.count - 1, "\(sentence): \(reading.words)")
            // About one to three phoneme symbols per character; none of the text was skipped.
            let characters = Double(sentence.count)
            #expect(Double(reading.phonemes.count) > characters * 1.0, "\(sentence): \(reading.phonemes)")
        }
    }

    @Test func unknownWordsAreNeverDroppedSilently() async {
        // Letters are spelled, kana read as written, a sign named; a rare character with no reading is reported.
        let reading = await Self.frontEnd.reading(of: "ABCとぴよぴよ％、𠮷。")
        #expect(reading.words.contains { $0.surface == "ABC" && $0.reading == "エービーシー" && $0.source == .spelled })
        #expect(reading.words.contains { $0.reading.contains("パーセント") })
        #expect(reading.phonemes.contains("pʲijopʲijo"))
        let unread = reading.words.filter { $0.source == .unread }
        #expect(unread.allSatisfy { $0.surface == "𠮷" })
    }

    @Test func hostileInputStaysLinear() async {
        // 200 000 characters with no sentence break: analysed in bounded pieces, every character read.
        let text = String(repeating: "東京", count: 100_000)
        let frontEnd = await Self.frontEnd
        let surfaces = frontEnd.reading(of: text).words.map(\.surface).joined()
        #expect(surfaces == text)
    }
}
