/// Reads numbers in Japanese, as hiragana: 123 → ひゃくにじゅうさん, 3000 → さんぜん, 1.5 → いってんご.
///
/// Myriad grouping (万, 億, 兆, 京) with the sound changes of 百 and 千 (さんびゃく, ろっぴゃく, はっぴゃく, さんぜん,
/// はっせん) and of the group words (いっちょう, はっちょう, じゅっちょう, いっけい). Numbers beyond 京's groups, and
/// digit strings with a leading zero (codes, 007), are read digit by digit. A text normaliser with a Japanese
/// grammar can take this over; everything about reading numbers is in this one file.
public enum JapaneseNumbers {
    /// Digits read one by one from here on (beyond 9999京).
    static let maxGroupedDigits = 20

    /// The reading of a run of ASCII digits, e.g. "2024" → にせんにじゅうよん.
    public static func reading(ofDigits digits: Substring) -> String {
        let values = digits.unicodeScalars.compactMap { $0.properties.numericType == .decimal ? Int($0.properties.numericValue!) : nil }
        guard !values.isEmpty else { return "" }
        if values.count == 1 { return values[0] == 0 ? "ぜろ" : single[values[0]] }
        if values[0] == 0 || values.count > maxGroupedDigits { return spelled(values) }
        return grouped(values)
    }

    /// A decimal number "3.14" → さんてんいちよん (the fraction digit by digit).
    public static func reading(whole: Substring, fraction: Substring) -> String {
        let fractionDigits = fraction.unicodeScalars.compactMap { Int(String($0)) }
        return reading(ofDigits: whole) + "てん" + spelled(fractionDigits)
    }

    private static let single = ["", "いち", "に", "さん", "よん", "ご", "ろく", "なな", "はち", "きゅう"]
    private static let spelledDigits = ["ぜろ", "いち", "に", "さん", "よん", "ご", "ろく", "なな", "はち", "きゅう"]

    private static func spelled(_ values: [Int]) -> String {
        values.map { spelledDigits[$0] }.joined()
    }

    /// Groups of four digits from the right, each read below 万 and followed by its group word.
    private static func grouped(_ values: [Int]) -> String {
        var groups: [[Int]] = []
        var end = values.count
        while end > 0 {
            let start = max(0, end - 4)
            groups.insert(Array(values[start..<end]), at: 0)
            end = start
        }
        var out = ""
        for (index, group) in groups.enumerated() {
            let unit = groups.count - 1 - index
            guard group.contains(where: { $0 != 0 }) else { continue }
            let padded = Array(repeating: 0, count: 4 - group.count) + group
            var reading = belowMyriad(padded, beforeGroupWord: unit > 0)
            if unit >= 3 {
                // Before ちょう and けい: 一 いっ, 八 はっ, 十 じゅっ.
                for (plain, changed) in [("いち", "いっ"), ("はち", "はっ"), ("じゅう", "じゅっ")] where reading.hasSuffix(plain) {
                    reading = String(reading.dropLast(plain.count)) + changed
                    break
                }
            }
            out += reading + groupWord(unit)
        }
        return out.isEmpty ? "ぜろ" : out
    }

    /// Thousands, hundreds, tens and ones of one group. Before a group word 一千 reads いっせん (一千万).
    private static func belowMyriad(_ digits: [Int], beforeGroupWord: Bool) -> String {
        let (thousands, hundreds, tens, ones) = (digits[0], digits[1], digits[2], digits[3])
        var out = ""
        switch thousands {
        case 0: break
        case 1: out += beforeGroupWord ? "いっせん" : "せん"
        case 3: out += "さんぜん"
        case 8: out += "はっせん"
        default: out += single[thousands] + "せん"
        }
        switch hundreds {
        case 0: break
        case 1: out += "ひゃく"
        case 3: out += "さんびゃく"
        case 6: out += "ろっぴゃく"
        case 8: out += "はっぴゃく"
        default: out += single[hundreds] + "ひゃく"
        }
        switch tens {
        case 0: break
        case 1: out += "じゅう"
        default: out += single[tens] + "じゅう"
        }
        out += single[ones]
        return out
    }

    /// 万, 億, 兆, 京: the word after the group `unit` places from the right.
    private static func groupWord(_ unit: Int) -> String {
        ["", "まん", "おく", "ちょう", "けい"][unit]
    }
}

extension JapaneseNumbers {
    /// A counter after a number (3時, 5分, 一本): its reading with the sound changes the number's last part
    /// causes (いっぷん, さんぼん, ろっぽん, はっさい, じゅっかい), and the readings a few numbers have of their own
    /// (ひとり, ふたり, ついたち, はつか, しがつ).
    struct Counter {
        var reading: String
        /// The number reading's ending → what replaces it, counter included (e.g. いち → いっぷん).
        var changes: [(ending: String, replacement: String)] = []
        /// Whole numbers with a reading of their own, counter included.
        var own: [Int: String] = [:]
    }

    /// Sokuon before a counter starting with k, s, t: いち, ろく (k only), はち, じゅう, ひゃく.
    private static func sokuon(_ reading: String, withRoku: Bool) -> [(ending: String, replacement: String)] {
        var changes = [("いち", "いっ" + reading), ("はち", "はっ" + reading), ("じゅう", "じゅっ" + reading), ("ひゃく", "ひゃっ" + reading)]
        if withRoku { changes.append(("ろく", "ろっ" + reading)) }
        return changes.map { (ending: $0.0, replacement: $0.1) }
    }

    /// Counters starting with h: p after っ (いっぽん), b after ん (さんぼん).
    private static func hCounter(_ p: String, _ b: String, plain: String) -> Counter {
        Counter(reading: plain, changes: [
            ("いち", "いっ" + p), ("ろく", "ろっ" + p), ("はち", "はっ" + p), ("じゅう", "じゅっ" + p), ("ひゃく", "ひゃっ" + p),
            ("さん", "さん" + b), ("せん", "せん" + b), ("まん", "まん" + b),
        ].map { (ending: $0.0, replacement: $0.1) })
    }

    static let counters: [String: Counter] = [
        "年": Counter(reading: "ねん", changes: [("よん", "よねん")]),
        "月": Counter(reading: "がつ", own: [4: "しがつ", 7: "しちがつ", 9: "くがつ"]),
        "ヶ月": Counter(reading: "かげつ", changes: sokuon("かげつ", withRoku: true)),
        "か月": Counter(reading: "かげつ", changes: sokuon("かげつ", withRoku: true)),
        "カ月": Counter(reading: "かげつ", changes: sokuon("かげつ", withRoku: true)),
        "日": Counter(reading: "にち", own: [
            1: "ついたち", 2: "ふつか", 3: "みっか", 4: "よっか", 5: "いつか", 6: "むいか", 7: "なのか", 8: "ようか",
            9: "ここのか", 10: "とおか", 14: "じゅうよっか", 20: "はつか", 24: "にじゅうよっか",
        ]),
        "時": Counter(reading: "じ", changes: [("よん", "よじ"), ("なな", "しちじ"), ("きゅう", "くじ")]),
        "時間": Counter(reading: "じかん", changes: [("よん", "よじかん"), ("なな", "しちじかん"), ("きゅう", "くじかん")]),
        "分": hCounter("ぷん", "ぷん", plain: "ふん").adding([("よん", "よんぷん")]),
        "分間": hCounter("ぷんかん", "ぷんかん", plain: "ふんかん").adding([("よん", "よんぷんかん")]),
        "秒": Counter(reading: "びょう"),
        "人": Counter(reading: "にん", changes: [("よん", "よにん")], own: [1: "ひとり", 2: "ふたり"]),
        "円": Counter(reading: "えん", changes: [("よん", "よえん")]),
        "本": hCounter("ぽん", "ぼん", plain: "ほん"),
        "匹": hCounter("ぴき", "びき", plain: "ひき"),
        "杯": hCounter("ぱい", "ばい", plain: "はい"),
        "個": Counter(reading: "こ", changes: sokuon("こ", withRoku: true)),
        "回": Counter(reading: "かい", changes: sokuon("かい", withRoku: true)),
        "階": Counter(reading: "かい", changes: sokuon("かい", withRoku: true) + [("さん", "さんがい")]),
        "件": Counter(reading: "けん", changes: sokuon("けん", withRoku: true)),
        "歳": Counter(reading: "さい", changes: sokuon("さい", withRoku: false)),
        "才": Counter(reading: "さい", changes: sokuon("さい", withRoku: false)),
        "冊": Counter(reading: "さつ", changes: sokuon("さつ", withRoku: false)),
        "週": Counter(reading: "しゅう", changes: sokuon("しゅう", withRoku: false)),
        "週間": Counter(reading: "しゅうかん", changes: sokuon("しゅうかん", withRoku: false)),
        "点": Counter(reading: "てん", changes: sokuon("てん", withRoku: false)),
        "度": Counter(reading: "ど"),
        "番": Counter(reading: "ばん"),
        "番目": Counter(reading: "ばんめ"),
        "枚": Counter(reading: "まい"),
        "台": Counter(reading: "だい"),
        "倍": Counter(reading: "ばい"),
        "号": Counter(reading: "ごう"),
        "位": Counter(reading: "い"),
    ]

    /// The counter at the start of `text`, longest first (時間 before 時).
    static func counter(atStartOf text: Substring) -> String? {
        for length in [2, 1] where text.count >= length {
            let candidate = String(text.prefix(length))
            if counters[candidate] != nil { return candidate }
        }
        return nil
    }

    /// The reading of a number (`digits`, a whole number) followed by `counter`, e.g. ("3", "本") → さんぼん.
    static func reading(ofDigits digits: Substring, counter surface: String) -> String {
        let number = reading(ofDigits: digits)
        guard let counter = counters[surface] else { return number }
        if digits.count < 4, digits.first != "0", let value = Int(digits), let own = counter.own[value] { return own }
        for (ending, replacement) in counter.changes where number.hasSuffix(ending) {
            return String(number.dropLast(ending.count)) + replacement
        }
        return number + counter.reading
    }
}

private extension JapaneseNumbers.Counter {
    func adding(_ more: [(String, String)]) -> Self {
        var copy = self
        copy.changes += more.map { (ending: $0.0, replacement: $0.1) }
        return copy
    }
}
