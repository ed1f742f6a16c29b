import CosyVoiceTestTraits
import Testing
@testable import TextFrontend

/// Every number path reads any number a client can write, or falls back to reading it digit by digit; none
/// traps (the 19-digit ordinal once crashed the server).
@Suite(.offThePool) struct EnglishNumberBoundaryTests {
    let normalizer = TextNormalizer()

    func english(_ text: String) -> String { normalizer.normalize(text, language: .english) }

    /// "one zero zero …" for a digit string, as a person reads an ID.
    static func spelled(_ digits: String) -> String {
        let names = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
        return digits.compactMap { $0.wholeNumberValue.map { names[$0] } }.joined(separator: " ")
    }

    @Test func intMaxAndIntMinAreReadAsNumbers() {
        #expect(EnglishNumbers.cardinal(Int.max) == "nine quintillion two hundred twenty-three quadrillion three hundred seventy-two trillion thirty-six billion eight hundred fifty-four million seven hundred seventy-five thousand eight hundred seven")
        #expect(EnglishNumbers.cardinal(Int.min) == "minus nine quintillion two hundred twenty-three quadrillion three hundred seventy-two trillion thirty-six billion eight hundred fifty-four million seven hundred seventy-five thousand eight hundred eight")
        #expect(EnglishNumbers.ordinal(Int.max).hasSuffix("eight hundred seventh"))
        #expect(EnglishNumbers.ordinal(1_000_000_000_000_000_000) == "one quintillionth")
        #expect(EnglishNumbers.year(Int.min).hasPrefix("minus nine quintillion"))
        #expect(EnglishNumbers.decade(Int.max).hasSuffix("eight hundred sevens"))
    }

    @Test func nineteenDigitOrdinalIsReadDigitByDigit() {
        #expect(english("1000000000000000000th") == Self.spelled("100000000000000000") + " zeroth")
        #expect(english("the 12345678901234567891st place") == "the " + Self.spelled("1234567890123456789") + " first place")
    }

    @Test func ordinalsUpToTheCardinalLimitAreReadAsNumbers() {
        #expect(english("21st") == "twenty-first")
        #expect(english("100th") == "one hundredth")
        #expect(english("999999999999999th") == "nine hundred ninety-nine trillion nine hundred ninety-nine billion nine hundred ninety-nine million nine hundred ninety-nine thousand nine hundred ninety-ninth")
    }

    @Test(arguments: [
        "9223372036854775807", "9223372036854775808", "12345678901234567890",
        String(repeating: "7", count: 40), String(repeating: "31", count: 500),
    ])
    func longIntegersAreReadDigitByDigit(digits: String) {
        #expect(english(digits) == Self.spelled(digits))
    }

    @Test func negativeNumbersAtAndBeyondIntMin() {
        #expect(english("-9223372036854775808") == "minus " + Self.spelled("9223372036854775808"))
        #expect(english("-99999999999999999999999") == "minus " + Self.spelled("99999999999999999999999"))
        #expect(english("-5") == "minus five")
    }

    @Test func decimalsWithHugeParts() {
        let fraction = String(repeating: "3", count: 1000)
        #expect(english("1." + fraction) == "one point " + Self.spelled(fraction))
        #expect(english("12345678901234567890.5") == Self.spelled("12345678901234567890") + " point five")
        #expect(english("12345678901234567890.5%") == Self.spelled("12345678901234567890") + " point five percent")
    }

    @Test func moneyWithHugeAmountsKeepsItsWholePart() {
        #expect(english("$99999999999999999999.50") == Self.spelled("99999999999999999999") + " dollars fifty cents")
        #expect(english("$1.00") == "one dollar")
        #expect(english("$0.50") == "fifty cents")
        #expect(english("$12345678901234567890 million") == Self.spelled("12345678901234567890") + " million dollars")
    }

    @Test func yearsDecadesTimesAndFractionsWithHugeValues() {
        #expect(english("1990s") == "nineteen nineties")
        #expect(english("in 12345678901234567890 BC") == "in " + Self.spelled("12345678901234567890") + " BC")
        #expect(english("10000000000000000000s").hasPrefix(Self.spelled("1000000000000000000")))
        #expect(english("1/12345678901234567890").hasSuffix(Self.spelled("12345678901234567890")))
        #expect(english("99999999999999999999:30").contains("thirty"))
        #expect(english("99999999999999999999 km") == Self.spelled("99999999999999999999") + " kilometers")
    }

    @Test func aRuleDoesNotReadTheTailOfALongerNumber() {
        // Not "one" + "twenty-three forty-five".
        #expect(english("123:45") == "one hundred twenty-three:forty-five")
    }
}

@Suite(.offThePool) struct ChineseNumberBoundaryTests {
    let normalizer = TextNormalizer()

    func chinese(_ text: String) -> String { normalizer.normalize(text, language: .mandarin) }

    static func spelled(_ digits: String) -> String {
        String(digits.compactMap { $0.wholeNumberValue.map { ChineseNumbers.digitWords[$0] } })
    }

    @Test func wanYiAndBeyondTheTable() {
        #expect(ChineseNumbers.cardinal(1_000_000_000_000) == "一万亿")
        #expect(ChineseNumbers.cardinal(10_000_000_000_000_000) == "一亿亿")
        #expect(ChineseNumbers.cardinal(Int.max) == "九百二十二亿亿三千三百七十二万亿零三百六十八亿五千四百七十七万五千八百零七")
        #expect(ChineseNumbers.cardinal(Int.min) == "负九百二十二亿亿三千三百七十二万亿零三百六十八亿五千四百七十七万五千八百零八")
        #expect(ChineseNumbers.cardinal("9999999999999999") == "九千九百九十九万亿九千九百九十九亿九千九百九十九万九千九百九十九")
        #expect(ChineseNumbers.cardinal("99999999999999999") == Self.spelled("99999999999999999"))
    }

    @Test(arguments: ["9223372036854775807", "9223372036854775808", "12345678901234567890", String(repeating: "5", count: 1000)])
    func longIntegersAreReadDigitByDigit(digits: String) {
        #expect(chinese("编号" + digits) == "编号" + Self.spelled(digits))
    }

    @Test func ordinalsYearsAndNegativesBeyondIntMax() {
        #expect(chinese("第1000000000000000000名") == "第" + Self.spelled("1000000000000000000") + "名")
        #expect(chinese("公元12345678901234567890年") == "公元" + Self.spelled("12345678901234567890") + "年")
        #expect(chinese("温度-9223372036854775808度") == "温度负" + Self.spelled("9223372036854775808") + "度")
    }

    @Test func decimalsPercentagesMoneyAndFractionsWithHugeParts() {
        #expect(chinese("增长12345678901234567890.5%") == "增长百分之" + Self.spelled("12345678901234567890") + "点五")
        #expect(chinese("售价¥99999999999999999999") == "售价" + Self.spelled("99999999999999999999") + "元")
        #expect(chinese("1/99999999999999999999") == Self.spelled("99999999999999999999") + "分之一")
        #expect(chinese("圆周率3.14159265358979323846") == "圆周率三点一四一五九二六五三五八九七九三二三八四六")
        #expect(chinese("长99999999999999999999km") == "长" + Self.spelled("99999999999999999999") + "公里")
    }
}
