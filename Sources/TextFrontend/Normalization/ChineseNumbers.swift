/// Chinese readings of numbers: 128 → 一百二十八, 3.14 → 三点一四, 2024 (as digits) → 二零二四.
enum ChineseNumbers {
    static let digitWords: [Character] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]

    /// Digit by digit, as years and phone numbers are read: "2024" → 二零二四. Anything but an ASCII digit is
    /// skipped.
    static func digits(_ digits: some StringProtocol) -> String {
        String(digits.compactMap { $0.isASCII ? $0.wholeNumberValue.map { digitWords[$0] } : nil })
    }

    /// Longest digit string read as a number (up to 9999 万亿); longer ones are read digit by digit.
    static let maxCardinalDigits = 16

    /// A cardinal: 0 → 零, 12 → 十二, 110 → 一百一十, 10010 → 一万零一十, 100000000 → 一亿.
    /// Strings too long for the 万/亿 scale are read digit by digit.
    static func cardinal(_ digitString: some StringProtocol) -> String {
        let trimmed = digitString.drop { $0 == "0" }
        guard !trimmed.isEmpty else { return "零" }
        guard trimmed.count <= maxCardinalDigits, let value = Int(trimmed) else { return digits(digitString) }
        return cardinal(value)
    }

    /// 0 → 零, 12 → 十二, -5 → 负五; total over `Int`, Int.min included.
    static func cardinal(_ value: Int) -> String {
        // The magnitude, not `-value`, which traps on Int.min.
        value < 0 ? "负" + cardinal(magnitude: value.magnitude) : cardinal(magnitude: value.magnitude)
    }

    /// Names of the four-digit groups, lowest first: units, 万, 亿, 万亿, 亿亿; enough for every 64-bit
    /// magnitude (`UInt64.max` has 20 digits, five groups).
    private static let groupUnits = ["", "万", "亿", "万亿", "亿亿"]

    private static func cardinal(magnitude value: UInt) -> String {
        if value == 0 { return "零" }
        var groups: [Int] = []
        var rest = value
        while rest > 0 {
            groups.append(Int(rest % 10_000))
            rest /= 10_000
        }
        var result = ""
        var zeroPending = false
        for position in groups.indices.reversed() {
            let group = groups[position]
            if group == 0 {
                zeroPending = !result.isEmpty
                continue
            }
            if !result.isEmpty, zeroPending || group < 1000 { result += "零" }
            result += section(group) + groupUnits[position]
            zeroPending = false
        }
        // 十二, not 一十二, at the start of a number.
        if result.hasPrefix("一十") { result.removeFirst() }
        return result
    }

    /// 1…9999 with 千百十 and inner zeros: 1005 → 一千零五.
    private static func section(_ value: Int) -> String {
        let units = ["千", "百", "十", ""]
        var result = ""
        var zeroPending = false
        for (index, divisor) in [1000, 100, 10, 1].enumerated() {
            let digit = value / divisor % 10
            if digit == 0 {
                zeroPending = !result.isEmpty
            } else {
                if zeroPending { result += "零" }
                result.append(digitWords[digit])
                result += units[index]
                zeroPending = false
            }
        }
        return result
    }

    /// A decimal: "3.14" → 三点一四, "128" → 一百二十八.
    static func decimal(_ text: some StringProtocol) -> String {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = cardinal(parts[0].isEmpty ? "0" : parts[0])
        guard parts.count == 2, !parts[1].isEmpty else { return whole }
        return whole + "点" + digits(parts[1])
    }
}
