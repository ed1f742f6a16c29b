import CosyVoiceTestTraits
import Testing
import TextFrontend

/// frontend.md §1: numbers, dates, money and abbreviations are read as words, as CosyVoice users expect.
@Suite(.offThePool) struct ChineseNormalizationTests {
    let normalizer = TextNormalizer()

    @Test(arguments: [
        ("2024年3月5日", "二零二四年三月五日"),
        ("增长了3.5%", "增长了百分之三点五"),
        ("售价¥128", "售价一百二十八元"),
        ("圆周率约等于3.14", "圆周率约等于三点一四"),
        ("会议10:30开始", "会议十点三十分开始"),
        ("请拨打13812345678", "请拨打一三八一二三四五六七八"),
        ("共有128个人", "共有一百二十八个人"),
        ("他在2024年毕业", "他在二零二四年毕业"),
        ("人口1,000,000人", "人口一百万人"),
        ("今天是2024-03-05", "今天是二零二四年三月五日"),
        ("气温-5℃", "气温负五摄氏度"),
    ])
    func numbersBecomeChineseWords(input: String, expected: String) {
        #expect(normalizer.normalize(input) == expected)
    }

    @Test func squaredAndCubedBecomeWords() {
        #expect(normalizer.normalize("面积是5m²，体积是2m³") == "面积是五平方米，体积是二立方米")
        #expect(normalizer.normalize("边长的²") == "边长的平方")
    }

    @Test func newlinesAreRemovedAndSpacesKeptOnlyBetweenASCII() {
        #expect(normalizer.normalize("你好\n世界") == "你好世界")
        #expect(normalizer.normalize("我 爱 Hello world 编程") == "我爱Hello world编程")
    }

    @Test func sentenceFinalFullStopBecomesIdeographicFullStop() {
        #expect(normalizer.normalize("今天天气很好.") == "今天天气很好。")
        #expect(normalizer.normalize("访问example.com网站") == "访问example.com网站")
    }

    @Test func spacedDashBecomesComma() {
        #expect(normalizer.normalize("北京 - 上海") == "北京，上海")
    }

    @Test func bracketsAndBackticksAreRemovedAndDoubleDashBecomesSpace() {
        #expect(normalizer.normalize("（注意）【重要】`代码`——结束") == "注意重要代码 结束")
    }

    @Test func trailingCommaBecomesFullStop() {
        #expect(normalizer.normalize("我们走吧，") == "我们走吧。")
        #expect(normalizer.normalize("苹果、香蕉、") == "苹果、香蕉。")
    }

    @Test func textWithUnknownMarkersIsPassedThrough() {
        let text = "<|HAPPY|>今天是2024年3月5日"
        #expect(normalizer.normalize(text) == text)
    }
}

@Suite(.offThePool) struct EnglishNormalizationTests {
    let normalizer = TextNormalizer()

    @Test(arguments: [
        ("It costs $3.50.", "It costs three dollars fifty cents."),
        ("The 1990s were loud.", "The nineteen nineties were loud."),
        ("Dr. Smith is here.", "Doctor Smith is here."),
        ("Room No. 5 please.", "Room number five please."),
    ])
    func specExamplesAreExpanded(input: String, expected: String) {
        #expect(normalizer.normalize(input) == expected)
    }

    @Test(arguments: [
        ("I have 128 apples", "I have one hundred twenty-eight apples"),
        ("Pi is 3.14", "Pi is three point one four"),
        ("1,234 people", "one thousand two hundred thirty-four people"),
        ("-5 degrees", "minus five degrees"),
        ("half is 1/2", "half is one half"),
    ])
    func cardinalsAndDecimalsBecomeWords(input: String, expected: String) {
        #expect(normalizer.normalize(input) == expected)
    }

    @Test func ordinalsBecomeWords() {
        #expect(normalizer.normalize("the 1st, 2nd, 3rd, 21st and 100th") == "the first, second, third, twenty-first and one hundredth")
    }

    @Test func yearsAreReadAsYears() {
        #expect(normalizer.normalize("in 1990") == "in nineteen ninety")
        #expect(normalizer.normalize("in 2024") == "in twenty twenty-four")
        #expect(normalizer.normalize("in 2005") == "in two thousand five")
        #expect(normalizer.normalize("in 1905") == "in nineteen oh five")
    }

    @Test func timesAreReadAsClockTimes() {
        #expect(normalizer.normalize("at 3:30") == "at three thirty")
        #expect(normalizer.normalize("at 3:05 pm") == "at three oh five P M")
        #expect(normalizer.normalize("at 3:00") == "at three o'clock")
    }

    @Test func moneyInEachCurrencyBecomesWords() {
        #expect(normalizer.normalize("$1") == "one dollar")
        #expect(normalizer.normalize("$0.99") == "ninety-nine cents")
        #expect(normalizer.normalize("£5") == "five pounds")
        #expect(normalizer.normalize("€2.5 million") == "two point five million euros")
        #expect(normalizer.normalize("$1,000") == "one thousand dollars")
    }

    @Test func percentagesBecomeWords() {
        #expect(normalizer.normalize("3.5% off") == "three point five percent off")
    }

    @Test func commonAbbreviationsAreExpanded() {
        #expect(normalizer.normalize("Mr. and Mrs. Smith met Ms. Jones.") == "Mister and Missus Smith met Miz Jones.")
        #expect(normalizer.normalize("fruit, e.g. apples") == "fruit, for example, apples")
        #expect(normalizer.normalize("cats vs. dogs") == "cats versus dogs")
        #expect(normalizer.normalize("St. Paul lives on Baker St.") == "Saint Paul lives on Baker Street.")
        #expect(normalizer.normalize("pens, pencils, etc. Then more.") == "pens, pencils, et cetera. Then more.")
    }
}
