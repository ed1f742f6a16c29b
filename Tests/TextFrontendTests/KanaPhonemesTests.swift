import CosyVoiceTestTraits
import Testing
@testable import TextFrontend

/// Kana → Kokoro phonemes, against the readings misaki (the front end Kokoro's Japanese voices were trained
/// with) gives, written out by hand.
@Suite(.offThePool) struct KanaPhonemesTests {
    /// Every kana of the Hiragana and Katakana blocks that stands for a sound.
    static let allKana: [Unicode.Scalar] = {
        let hiragana = (0x3041...0x3096).compactMap(Unicode.Scalar.init)
        let katakana = (0x30A1...0x30FA).compactMap(Unicode.Scalar.init)
        return hiragana + katakana + ["ー", "ゝ", "ゞ", "ヽ", "ヾ"]
    }()

    @Test func everyKanaMapsToPhonemes() {
        for kana in Self.allKana where !["ゝ", "ゞ", "ヽ", "ヾ"].contains(kana) {
            #expect(!KanaPhonemes.phonemes(of: String(kana)).isEmpty, "\(kana) U+\(String(kana.value, radix: 16))")
            #expect(KanaPhonemes.isKana(kana))
        }
    }

    @Test func katakanaReadsLikeHiragana() {
        for value in 0x3041...0x3096 {
            let hiragana = Unicode.Scalar(value)!
            let katakana = Unicode.Scalar(value + 0x60)!
            #expect(KanaPhonemes.phonemes(of: String(hiragana)) == KanaPhonemes.phonemes(of: String(katakana)))
        }
    }

    @Test(arguments: [
        // Plain morae
        ("あいうえお", "aiɯeo"), ("かきくけこ", "kakʲikɯkeko"), ("さしすせそ", "saɕisɨseso"), ("たちつてと", "taʨiʦɨteto"),
        ("はひふへほ", "haçiɸɯheho"), ("らりるれろ", "ɾaɾʲiɾɯɾeɾo"), ("わをん", "βaoɴ"), ("ざじずぜぞ", "ʣaʥizɨʣeʣo"),
        // Small kana: contracted sounds and loanword spellings
        ("きゃきゅきょ", "kʲakʲɨkʲo"), ("しゃしゅしょ", "ɕaɕɨɕo"), ("ちゃ", "ʨa"), ("ティー", "tʲiː"), ("ファイル", "ɸaiɾɯ"),
        ("ウィ", "βi"), ("クォ", "kᵝo"), ("ヂャ", "ʥa"), ("テャ", "tja"),
        // ゔ and the ヷ row
        ("ヴァイオリン", "vaioɾʲiɴ"), ("ヴ", "vɯ"), ("ヷ", "va"), ("ヺ", "vo"),
        // Long vowels, sokuon
        ("トーキョー", "toːkʲoː"), ("がっこう", "ɡaʔkoɯ"), ("ガッコー", "ɡaʔkoː"), ("きって", "kʲiʔte"),
        // ん before m/p/b, k/g, ɲ/ʨ/ʥ, n/t/d/ɾ/z, and elsewhere
        ("さんま", "samma"), ("さんぽ", "sampo"), ("しんぶん", "ɕimbɯɴ"), ("ぎんこう", "ɡʲiŋkoɯ"), ("りんご", "ɾʲiŋɡo"),
        ("こんにちは", "koɲɲiʨiha"), ("ほんや", "hoɴja"), ("かんじ", "kaɲʥi"), ("あんない", "annai"), ("はんたい", "hantai"),
        ("せんろ", "senɾo"), ("ほん", "hoɴ"), ("れんあい", "ɾeɴai"), ("さんさ", "saɴsa"),
        // Iteration marks repeat the kana before them (voiced for ゞ)
        ("こゝろ", "kokoɾo"), ("いすゞ", "isɨzɨ"),
        // A small kana alone still sounds
        ("ァ", "a"), ("ょ", "jo"),
    ])
    func readsKana(kana: String, phonemes: String) {
        #expect(KanaPhonemes.phonemes(of: kana) == phonemes)
    }

    @Test func nonKanaProducesNothing() {
        #expect(KanaPhonemes.phonemes(of: "漢字abc。") == "")
    }
}
