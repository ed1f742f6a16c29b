/// Kana → the phoneme symbols Kokoro-82M's Japanese voices were trained with (misaki 0.7's romanizer, which in
/// turn follows cutlet): one IPA-like spelling per mora, no accent marks.
///
/// Rules across neighbours: a kana followed by a small kana forms one mora (きゃ → kʲa; a pair missing from the
/// table keeps the consonant of the first and the vowel sound of the second, てゃ → tja); っ is a glottal
/// stop `ʔ`; ん assimilates to what follows (m before m/p/b, ŋ before k/g, ɲ before ɲ/ʨ/ʥ, n before n/t/d/ɾ/z,
/// otherwise the uvular ɴ); ー lengthens (`ː`); ゝ and ゞ repeat the previous kana (voiced for ゞ). Katakana is
/// read as hiragana. Unlike misaki, a small kana standing alone is read as its full-size kana instead of
/// vanishing.
public enum KanaPhonemes {
    /// The phonemes of `kana` (hiragana, katakana, or both). Characters that are not kana produce nothing.
    public static func phonemes(of kana: String) -> String {
        let characters = kana.unicodeScalars.map(hiragana)
        var out = ""
        for index in characters.indices {
            let previous = index > 0 ? characters[index - 1] : nil
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            out += mora(characters[index], previous: previous, next: next)
        }
        return out
    }

    /// Whether `scalar` is a kana this table reads (hiragana, katakana, the prolonged-sound mark, iteration marks).
    public static func isKana(_ scalar: Unicode.Scalar) -> Bool {
        let h = hiragana(scalar)
        return single[h] != nil || h == "っ" || h == "ん" || h == "ー" || h == "ゝ" || h == "ゞ" || small.contains(h)
    }

    /// Katakana ァ…ヶ and the iteration marks ヽヾ as their hiragana; anything else unchanged. ヷヸヹヺ have no
    /// hiragana and keep their own entries.
    static func hiragana(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x30A1...0x30F6, 0x30FD...0x30FE: Unicode.Scalar(scalar.value - 0x60)!
        default: scalar
        }
    }

    /// Hiragana ぁ…ゖ as katakana; anything else unchanged.
    public static func katakana(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x3041...0x3096: Unicode.Scalar(scalar.value + 0x60)!
        default: scalar
        }
    }

    private static let small: Set<Unicode.Scalar> = ["ゃ", "ゅ", "ょ", "ぁ", "ぃ", "ぅ", "ぇ", "ぉ"]

    /// The sound of one kana in context (misaki's `_get_single_mapping`).
    private static func mora(_ kana: Unicode.Scalar, previous: Unicode.Scalar?, next: Unicode.Scalar?) -> String {
        if kana == "ゝ" { return previous.flatMap { single[$0] } ?? "" }
        if kana == "ゞ" { return previous.flatMap(voiced).flatMap { single[$0] } ?? "" }
        if let previous, let pair = pairs[Pair(previous, kana)] { return pair }
        if let next, pairs[Pair(kana, next)] != nil { return "" }
        if let next, small.contains(next), let own = single[kana], let following = single[next] {
            return kana == "っ" ? "" : String(own.dropLast()) + following
        }
        if small.contains(kana) {
            // After a kana it has already been read with it; alone it reads as the full-size kana.
            if let previous, single[previous] != nil { return "" }
            return single[kana] ?? ""
        }
        switch kana {
        case "ー": return "ː"
        case "っ": return "ʔ"
        case "ん": return syllabicN(before: next.flatMap { single[$0] })
        default: return single[kana] ?? ""
        }
    }

    /// ん before a mora starting with `following`.
    private static func syllabicN(before following: String?) -> String {
        guard let first = following?.unicodeScalars.first else { return "ɴ" }
        if "mpb".unicodeScalars.contains(first) { return "m" }
        if "kɡ".unicodeScalars.contains(first) { return "ŋ" }
        if "ɲʨʥ".unicodeScalars.contains(first) { return "ɲ" }
        if "ntdɾz".unicodeScalars.contains(first) { return "n" }
        return "ɴ"
    }

    private static func voiced(_ kana: Unicode.Scalar) -> Unicode.Scalar? {
        let plain = Array("かきくけこさしすせそたちつてとはひふへほ".unicodeScalars)
        let voiced = Array("がぎぐげござじずぜぞだぢづでどばびぶべぼ".unicodeScalars)
        return plain.firstIndex(of: kana).map { voiced[$0] }
    }

    private struct Pair: Hashable {
        let first: Unicode.Scalar
        let second: Unicode.Scalar
        init(_ first: Unicode.Scalar, _ second: Unicode.Scalar) { (self.first, self.second) = (first, second) }
    }

    /// One kana → its mora (misaki's HEPBURN table).
    static let single: [Unicode.Scalar: String] = [
        "ぁ": "a", "あ": "a", "ぃ": "i", "い": "i", "ぅ": "ɯ", "う": "ɯ", "ぇ": "e", "え": "e", "ぉ": "o", "お": "o",
        "か": "ka", "が": "ɡa", "き": "kʲi", "ぎ": "ɡʲi", "く": "kɯ", "ぐ": "ɡɯ", "け": "ke", "げ": "ɡe", "こ": "ko", "ご": "ɡo",
        "さ": "sa", "ざ": "ʣa", "し": "ɕi", "じ": "ʥi", "す": "sɨ", "ず": "zɨ", "せ": "se", "ぜ": "ʣe", "そ": "so", "ぞ": "ʣo",
        "た": "ta", "だ": "da", "ち": "ʨi", "ぢ": "ʥi", "つ": "ʦɨ", "づ": "zɨ", "て": "te", "で": "de", "と": "to", "ど": "do",
        "な": "na", "に": "ɲi", "ぬ": "nɯ", "ね": "ne", "の": "no",
        "は": "ha", "ば": "ba", "ぱ": "pa", "ひ": "çi", "び": "bʲi", "ぴ": "pʲi", "ふ": "ɸɯ", "ぶ": "bɯ", "ぷ": "pɯ",
        "へ": "he", "べ": "be", "ぺ": "pe", "ほ": "ho", "ぼ": "bo", "ぽ": "po",
        "ま": "ma", "み": "mʲi", "む": "mɯ", "め": "me", "も": "mo",
        "ゃ": "ja", "や": "ja", "ゅ": "jɯ", "ゆ": "jɯ", "ょ": "jo", "よ": "jo",
        "ら": "ɾa", "り": "ɾʲi", "る": "ɾɯ", "れ": "ɾe", "ろ": "ɾo",
        "ゎ": "βa", "わ": "βa", "ゐ": "i", "ゑ": "e", "を": "o", "ゔ": "vɯ", "ゕ": "ka", "ゖ": "ke",
        "ヷ": "va", "ヸ": "vʲi", "ヹ": "ve", "ヺ": "vo",
    ]

    /// Two kana read as one mora.
    private static let pairs: [Pair: String] = {
        let table: [(String, String)] = [
            ("いぇ", "je"), ("うぃ", "βi"), ("うぇ", "βe"), ("うぉ", "βo"),
            ("きぇ", "kʲe"), ("きゃ", "kʲa"), ("きゅ", "kʲɨ"), ("きょ", "kʲo"),
            ("ぎゃ", "ɡʲa"), ("ぎゅ", "ɡʲɨ"), ("ぎょ", "ɡʲo"),
            ("くぁ", "kᵝa"), ("くぃ", "kᵝi"), ("くぇ", "kᵝe"), ("くぉ", "kᵝo"),
            ("ぐぁ", "ɡᵝa"), ("ぐぃ", "ɡᵝi"), ("ぐぇ", "ɡᵝe"), ("ぐぉ", "ɡᵝo"),
            ("しぇ", "ɕe"), ("しゃ", "ɕa"), ("しゅ", "ɕɨ"), ("しょ", "ɕo"),
            ("じぇ", "ʥe"), ("じゃ", "ʥa"), ("じゅ", "ʥɨ"), ("じょ", "ʥo"),
            ("ちぇ", "ʨe"), ("ちゃ", "ʨa"), ("ちゅ", "ʨɨ"), ("ちょ", "ʨo"),
            ("ぢゃ", "ʥa"), ("ぢゅ", "ʥɨ"), ("ぢょ", "ʥo"),
            ("つぁ", "ʦa"), ("つぃ", "ʦʲi"), ("つぇ", "ʦe"), ("つぉ", "ʦo"),
            ("てぃ", "tʲi"), ("てゅ", "tʲɨ"), ("でぃ", "dʲi"), ("でゅ", "dʲɨ"), ("とぅ", "tɯ"), ("どぅ", "dɯ"),
            ("にぇ", "ɲe"), ("にゃ", "ɲa"), ("にゅ", "ɲɨ"), ("にょ", "ɲo"),
            ("ひぇ", "çe"), ("ひゃ", "ça"), ("ひゅ", "çɨ"), ("ひょ", "ço"),
            ("びゃ", "bʲa"), ("びゅ", "bʲɨ"), ("びょ", "bʲo"), ("ぴゃ", "pʲa"), ("ぴゅ", "pʲɨ"), ("ぴょ", "pʲo"),
            ("ふぁ", "ɸa"), ("ふぃ", "ɸʲi"), ("ふぇ", "ɸe"), ("ふぉ", "ɸo"), ("ふゅ", "ɸʲɨ"), ("ふょ", "ɸʲo"),
            ("みゃ", "mʲa"), ("みゅ", "mʲɨ"), ("みょ", "mʲo"), ("りゃ", "ɾʲa"), ("りゅ", "ɾʲɨ"), ("りょ", "ɾʲo"),
            ("ゔぁ", "va"), ("ゔぃ", "vʲi"), ("ゔぇ", "ve"), ("ゔぉ", "vo"), ("ゔゅ", "bʲɨ"), ("ゔょ", "bʲo"),
        ]
        var pairs: [Pair: String] = [:]
        for (kana, sound) in table {
            let scalars = Array(kana.unicodeScalars)
            pairs[Pair(scalars[0], scalars[1])] = sound
        }
        return pairs
    }()
}
