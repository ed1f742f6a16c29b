/// English readings of numbers: cardinals, ordinals, years, decimals.
///
/// Every function is total: any `Int` (`Int.min` included) and any digit string, however long, gets a
/// reading; strings past `maxCardinalDigits` are read digit by digit, as people read IDs and codes.
enum EnglishNumbers {
    private static let ones = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ]
    private static let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    /// Names of the powers of 1000, far enough for every 64-bit magnitude (`UInt64.max` is 18 quintillion).
    private static let scales = ["", "thousand", "million", "billion", "trillion", "quadrillion", "quintillion"]

    /// Longest digit string read as a number (999 trillion…); longer ones are read digit by digit.
    static let maxCardinalDigits = 15

    /// 0 → zero, 21 → twenty-one, 1234 → one thousand two hundred thirty-four, -5 → minus five.
    static func cardinal(_ value: Int) -> String {
        // The magnitude, not `-value`, which traps on Int.min.
        value < 0 ? "minus " + cardinal(magnitude: value.magnitude) : cardinal(magnitude: value.magnitude)
    }

    private static func cardinal(magnitude value: UInt) -> String {
        if value < 20 { return ones[Int(value)] }
        if value < 100 {
            let unit = Int(value % 10)
            return tens[Int(value / 10)] + (unit == 0 ? "" : "-" + ones[unit])
        }
        if value < 1000 {
            let rest = value % 100
            return ones[Int(value / 100)] + " hundred" + (rest == 0 ? "" : " " + cardinal(magnitude: rest))
        }
        var groups: [UInt] = []
        var rest = value
        while rest > 0 {
            groups.append(rest % 1000)
            rest /= 1000
        }
        var words: [String] = []
        for position in groups.indices.reversed() where groups[position] > 0 {
            words.append(cardinal(magnitude: groups[position]) + (scales[position].isEmpty ? "" : " " + scales[position]))
        }
        return words.joined(separator: " ")
    }

    /// Digit strings longer than `maxCardinalDigits` or with a leading zero are read digit by digit.
    static func cardinal(_ digits: some StringProtocol) -> String {
        if digits.count > 1 && digits.hasPrefix("0") || digits.count > maxCardinalDigits {
            return self.digits(digits)
        }
        return Int(digits).map { cardinal($0) } ?? self.digits(digits)
    }

    /// "0451" → zero four five one. Anything but an ASCII digit is skipped.
    static func digits(_ digits: some StringProtocol) -> String {
        digits.compactMap { $0.isASCII ? $0.wholeNumberValue.map { ones[$0] } : nil }.joined(separator: " ")
    }

    /// "3.14" → three point one four.
    static func decimal(_ text: some StringProtocol) -> String {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = cardinal(parts[0].isEmpty ? "0" : parts[0])
        guard parts.count == 2, !parts[1].isEmpty else { return whole }
        return whole + " point " + digits(parts[1])
    }

    /// "1" → first, "22" → twenty-second, "100" → one hundredth; a digit string read digit by digit ends in
    /// an ordinal digit ("1234567890123456th" → one two … five sixth).
    static func ordinal(_ digits: some StringProtocol) -> String {
        ordinal(words: cardinal(digits))
    }

    /// 1 → first, 22 → twenty-second, 100 → one hundredth.
    static func ordinal(_ value: Int) -> String {
        ordinal(words: cardinal(value))
    }

    /// The reading with its last word made ordinal.
    private static func ordinal(words: String) -> String {
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
