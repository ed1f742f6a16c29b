/// English readings of numbers: cardinals, ordinals, years, decimals.
enum EnglishNumbers {
    private static let ones = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ]
    private static let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    private static let scales = ["", "thousand", "million", "billion", "trillion", "quadrillion"]

    /// 0 → zero, 21 → twenty-one, 1234 → one thousand two hundred thirty-four.
    static func cardinal(_ value: Int) -> String {
        if value < 0 { return "minus " + cardinal(-value) }
        if value < 20 { return ones[value] }
        if value < 100 {
            let unit = value % 10
            return tens[value / 10] + (unit == 0 ? "" : "-" + ones[unit])
        }
        if value < 1000 {
            let rest = value % 100
            return ones[value / 100] + " hundred" + (rest == 0 ? "" : " " + cardinal(rest))
        }
        var groups: [Int] = []
        var rest = value
        while rest > 0 {
            groups.append(rest % 1000)
            rest /= 1000
        }
        var words: [String] = []
        for position in stride(from: groups.count - 1, through: 0, by: -1) where groups[position] > 0 {
            words.append(cardinal(groups[position]) + (scales[position].isEmpty ? "" : " " + scales[position]))
        }
        return words.joined(separator: " ")
    }

    /// Digit strings too long for an `Int` or with a leading zero are read digit by digit.
    static func cardinal(_ digits: some StringProtocol) -> String {
        if digits.count > 1 && digits.hasPrefix("0") || digits.count > 15 {
            return self.digits(digits)
        }
        return Int(digits).map { cardinal($0) } ?? self.digits(digits)
    }

    /// "0451" → zero four five one.
    static func digits(_ digits: some StringProtocol) -> String {
        digits.compactMap { $0.wholeNumberValue.map { ones[$0] } }.joined(separator: " ")
    }

    /// "3.14" → three point one four.
    static func decimal(_ text: some StringProtocol) -> String {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = cardinal(parts[0].isEmpty ? "0" : parts[0])
        guard parts.count == 2, !parts[1].isEmpty else { return whole }
        return whole + " point " + digits(parts[1])
    }

    /// 1 → first, 22 → twenty-second, 100 → one hundredth.
    static func ordinal(_ value: Int) -> String {
        let words = cardinal(value)
        let splitIndex = words.lastIndex { $0 == " " || $0 == "-" }.map { words.index(after: $0) } ?? words.startIndex
        let last = String(words[splitIndex...])
        let irregular = ["one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                         "nine": "ninth", "twelve": "twelfth"]
        let ordinalLast: String
        if let word = irregular[last] {
            ordinalLast = word
        } else if last.hasSuffix("y") {
            ordinalLast = last.dropLast() + "ieth"
        } else {
            ordinalLast = last + "th"
        }
        return words[..<splitIndex] + ordinalLast
    }

    /// Years as people say them: 1990 → nineteen ninety, 1905 → nineteen oh five, 1900 → nineteen hundred,
    /// 2005 → two thousand five, 2024 → twenty twenty-four. Outside 1100…2999 a year is a cardinal.
    static func year(_ value: Int) -> String {
        guard (1100...2999).contains(value) else { return cardinal(value) }
        if value % 1000 < 10 { return cardinal(value) }
        let century = cardinal(value / 100)
        let rest = value % 100
        if rest == 0 { return century + " hundred" }
        if rest < 10 { return century + " oh " + cardinal(rest) }
        return century + " " + cardinal(rest)
    }

    /// Decades: 1990 → nineteen nineties, 1900 → nineteen hundreds, 80 → eighties.
    static func decade(_ value: Int) -> String {
        plural(value >= 100 ? year(value) : cardinal(value))
    }

    /// Plural of the last word: ninety → nineties, six → sixes, hundred → hundreds.
    static func plural(_ words: String) -> String {
        if words.hasSuffix("y") { return words.dropLast() + "ies" }
        if words.hasSuffix("x") { return words + "es" }
        return words + "s"
    }
}
