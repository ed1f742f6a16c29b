/// Readings for what the dictionary does not read: punctuation, Latin letters and common signs.
enum JapaneseSpelling {
    /// Punctuation → the Kokoro symbol it becomes ("" for marks that only separate words).
    static let punctuation: [Character: String] = [
        "。": ".", ".": ".", "、": ",", ",": ",", "?": "?", "!": "!", ":": ":", ";": ";",
        "「": "“", "『": "“", "“": "“", "」": "”", "』": "”", "”": "”", "\"": "\"",
        "…": "…", "‥": "…", "〜": "—", "~": "—", "—": "—", "―": "—",
        "(": "", ")": "", "[": "", "]": "", "【": "", "】": "", "《": "", "》": "", "〈": "", "〉": "",
        "・": "", "'": "", "-": "",
    ]

    /// Latin letters as Japanese says them, in katakana.
    static let letters: [Character: String] = [
        "a": "エー", "b": "ビー", "c": "シー", "d": "ディー", "e": "イー", "f": "エフ", "g": "ジー", "h": "エイチ",
        "i": "アイ", "j": "ジェー", "k": "ケー", "l": "エル", "m": "エム", "n": "エヌ", "o": "オー", "p": "ピー",
        "q": "キュー", "r": "アール", "s": "エス", "t": "ティー", "u": "ユー", "v": "ブイ", "w": "ダブリュー",
        "x": "エックス", "y": "ワイ", "z": "ゼット",
    ]

    /// Signs with a spoken name.
    static let signs: [Character: String] = [
        "%": "パーセント", "&": "アンド", "+": "プラス", "=": "イコール", "@": "アット", "#": "シャープ",
        "$": "ドル", "€": "ユーロ", "¥": "エン", "°": "ド", "×": "カケル", "÷": "ワル", "*": "アスタリスク",
        "/": "スラッシュ", "<": "ショウナリ", ">": "ダイナリ",
    ]

    /// The katakana spelling of `text` when every character is a letter or a sign; nil otherwise.
    static func spelled(_ text: String) -> String? {
        var out = ""
        for character in text {
            guard let reading = letters[Character(character.lowercased())] ?? signs[character] else { return nil }
            out += reading
        }
        return out.isEmpty ? nil : out
    }
}
