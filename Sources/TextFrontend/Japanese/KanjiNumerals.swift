/// Runs of kanji numerals (三百二十, 二〇二四, 五万): the dictionary reads them character by character and loses
/// the sound changes (三百 サンヒャク instead of さんびゃく), so the number reader reads the value instead.
enum KanjiNumerals {
    private static let digits: [Character: Int] = [
        "〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]
    private static let smallUnits: [Character: Int] = ["十": 10, "百": 100, "千": 1000]
    private static let groupUnits: [Character: Int] = ["万": 4, "億": 8, "兆": 12]

    static func isNumeral(_ character: Character) -> Bool {
        digits[character] != nil || smallUnits[character] != nil || groupUnits[character] != nil
    }

    /// The value of `text` as a decimal digit string, or nil when it is not a well-formed numeral. Without unit
    /// characters the digits are positional (二〇二四 → 2024).
    static func digitString(_ text: String) -> String? {
        guard !text.isEmpty, text.allSatisfy(isNumeral) else { return nil }
        if text.allSatisfy({ digits[$0] != nil }) {
            return text.map { String(digits[$0]!) }.joined()
        }
        // Sum of groups; each group is a sum of (digit × small unit) terms; values kept as digit strings of at
        // most 16 digits, so everything fits in Int.
        var total = 0, group = 0, current: Int?
        var lastGroupPower = Int.max
        for character in text {
            if let digit = digits[character] {
                guard current == nil else { return nil }
                current = digit
            } else if let unit = smallUnits[character] {
                group += (current ?? 1) * unit
                current = nil
            } else if let power = groupUnits[character] {
                guard power < lastGroupPower else { return nil }
                lastGroupPower = power
                let value = group + (current ?? 0)
                guard value > 0 else { return nil }
                total += value * Int(pow10(power))
                group = 0
                current = nil
            }
        }
        total += group + (current ?? 0)
        return String(total)
    }

    private static func pow10(_ power: Int) -> Int { (0..<power).reduce(1) { value, _ in value * 10 } }
}
