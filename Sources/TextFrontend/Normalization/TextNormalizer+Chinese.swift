import RegexBuilder

/// The Chinese path of CosyVoice's normaliser, for text with CJK ideographs. Number rules start with
/// `NumberStart` so that each is tried once per digit run (linear time) and never reads the tail of a
/// longer number.
extension TextNormalizer {
    /// Measure words after which 2 is read 两 (两个, not 二个).
    private static let measureWords: Set<Character> = [
        "个", "只", "位", "本", "件", "条", "张", "次", "天", "岁", "种", "人", "倍", "辆", "台", "家", "杯",
        "瓶", "块", "名", "份", "双", "对", "周", "遍", "根", "斤", "米", "分", "小", "千", "万", "亿",
    ]

    private static let currencyUnits: [Character: String] = [
        "¥": "元", "￥": "元", "$": "美元", "€": "欧元", "£": "英镑",
    ]

    /// Units after a number, longest spelling first.
    private static let units: [(symbol: String, word: String)] = [
        ("km/h", "公里每小时"), ("km²", "平方公里"), ("cm²", "平方厘米"), ("m²", "平方米"), ("m³", "立方米"),
        ("km", "公里"), ("kg", "千克"), ("cm", "厘米"), ("mm", "毫米"), ("ml", "毫升"), ("mg", "毫克"),
        ("°C", "摄氏度"), ("℃", "摄氏度"), ("°", "度"), ("m", "米"), ("g", "克"), ("L", "升"),
    ]

    func chinese(_ text: String, endsText: Bool) -> String {
        var text = text.replacing("\r", with: "").replacing("\n", with: "")
        // 〇 is the written zero of Chinese numerals (二〇二四年); the rules and the voice know 零.
        text = text.replacing("〇", with: "零")
        text = text.replacing(" - ", with: "，")
        text = Self.chineseNumbers(text)
        return Self.chinesePunctuation(text, endsText: endsText)
    }

    /// The Chinese path after a grammar read the numbers: the same rules as ``chinese(_:endsText:)`` but the
    /// number rules, in CosyVoice's order (normalise first, then these).
    func chinese(normalized text: String, endsText: Bool) -> String {
        var text = text.replacing("\r", with: "").replacing("\n", with: "")
        text = text.replacing("〇", with: "零")
        text = text.replacing(" - ", with: "，")
        return Self.chinesePunctuation(text, endsText: endsText)
    }

    /// Spaces, superscripts, full stops, brackets and a trailing comma: CosyVoice's rules after numbers.
    private static func chinesePunctuation(_ text: String, endsText: Bool) -> String {
        var text = Self.droppingSpacesOutsideASCII(text)
        text = text.replacing("²", with: "平方").replacing("³", with: "立方")
        text = Self.sentenceFinalFullStops(text)
        text = text.filter { !"（）【】`".contains($0) }.replacing("——", with: " ")
        if endsText, let last = text.last, "，,、".contains(last) {
            text = String(text.reversed().drop { "，,、".contains($0) }.reversed()) + "。"
        }
        return text
    }

    static func chineseNumbers(_ text: String) -> String {
        var text = text
        // 1,234,567 → 1234567
        text = text.replacing(Regex { NumberStart(); /([0-9]{1,3})((?:,[0-9]{3})+)(?![0-9])/ }) { match in
            match.1 + match.2.filter { $0 != "," }
        }
        // 2024-03-05, 2024/3/5 → 二零二四年三月五日
        text = text.replacing(Regex { NumberStart(); /([0-9]{4})[-\/.]([0-9]{1,2})[-\/.]([0-9]{1,2})(?![0-9])/ }) { match in
            guard let month = Int(match.2), let day = Int(match.3), (1...12).contains(month), (1...31).contains(day)
            else { return String(match.0) }
            return ChineseNumbers.digits(match.1) + "年" + ChineseNumbers.cardinal(month) + "月"
                + ChineseNumbers.cardinal(day) + "日"
        }
        // 010-12345678 → 零一零一二三四五六七八
        text = text.replacing(Regex { NumberStart(); /([0-9]{3,4})-([0-9]{7,8})(?![0-9])/ }) { match in
            ChineseNumbers.digits(match.1) + ChineseNumbers.digits(match.2)
        }
        // 10:30 → 十点三十分, 8:05:09 → 八点零五分九秒
        text = text.replacing(Regex { NumberStart(); /([0-9]{1,2})[:：]([0-9]{2})(?:[:：]([0-9]{2}))?(?![0-9])/ }) { match in
            guard let hour = Int(match.1), let minute = Int(match.2), hour <= 24, minute < 60 else {
                return String(match.0)
            }
            var words = ChineseNumbers.cardinal(hour) + "点"
            if minute > 0 || match.3 != nil {
                words += (minute < 10 && minute > 0 ? "零" : "") + ChineseNumbers.cardinal(minute) + "分"
            }
            if let secondText = match.3, let second = Int(secondText) {
                words += ChineseNumbers.cardinal(second) + "秒"
            }
            return words
        }
        // -5 → 负五, where the minus sign is not a hyphen between words.
        text = text.replacing(/(^|[^0-9A-Za-z.])-([0-9])/) { match in match.1 + "负" + match.2 }
        // ¥128 → 一百二十八元, $3.5 → 三点五美元
        text = text.replacing(/([¥￥$€£])\s*([0-9]+(?:\.[0-9]+)?)/) { match in
            ChineseNumbers.decimal(match.2) + (match.1.first.flatMap { currencyUnits[$0] } ?? "")
        }
        // 3.5% → 百分之三点五
        text = text.replacing(Regex { NumberStart(); /(-?)([0-9]+(?:\.[0-9]+)?)\s*%/ }) { match in
            (match.1.isEmpty ? "" : "负") + "百分之" + ChineseNumbers.decimal(match.2)
        }
        // 1/2 → 二分之一
        text = text.replacing(Regex { NumberStart(); /([0-9]+)\/([0-9]+)(?![0-9])/ }) { match in
            ChineseNumbers.cardinal(match.2) + "分之" + ChineseNumbers.cardinal(match.1)
        }
        // Four-digit years are read digit by digit: 2024年 → 二零二四年; 3年 (three years) → 三年.
        text = text.replacing(Regex { NumberStart(); /([0-9]+)年/ }) { match in
            (match.1.count == 4 ? ChineseNumbers.digits(match.1) : ChineseNumbers.cardinal(match.1)) + "年"
        }
        // 5kg → 五千克, 3.5km → 三点五公里
        text = text.replacing(Regex { NumberStart(); /([0-9]+(?:\.[0-9]+)?)\s?(km\/h|km²|cm²|m²|m³|km|kg|cm|mm|ml|mg|°C|℃|°|m|g|L)(?![A-Za-z])/ }) { match in
            ChineseNumbers.decimal(match.1) + (units.first { $0.symbol == match.2 }?.word ?? "")
        }
        // Remaining numbers. Long digit strings (phone numbers, IDs) and ones with a leading zero are read digit
        // by digit; a lone 2 before a measure word is 两, except as an ordinal (第2条 is 第二条).
        let source = text
        text = text.replacing(/([0-9]+)(\.[0-9]+)?(.?)/) { match in
            let integer = match.1
            let next = match.3
            let words: String
            if let fraction = match.2 {
                words = ChineseNumbers.decimal(integer + fraction)
            } else if integer.count >= 11 || integer.count > 1 && integer.hasPrefix("0") {
                words = ChineseNumbers.digits(integer)
            } else if integer == "2", let following = next.first, measureWords.contains(following),
                      source[..<match.range.lowerBound].last != "第" {
                words = "两"
            } else {
                words = ChineseNumbers.cardinal(integer)
            }
            return words + next
        }
        return text
    }

    /// Drops spaces except between two ASCII non-space characters ("Hello world" keeps its space).
    static func droppingSpacesOutsideASCII(_ text: String) -> String {
        let characters = Array(text)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isWhitespace {
                let previous = index > 0 ? characters[index - 1] : nil
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                guard let previous, let next, previous.isASCII, next.isASCII, !previous.isWhitespace, !next.isWhitespace
                else { continue }
                result.append(" ")
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// `.` → `。` where it ends a sentence; a dot between ASCII letters or digits (a domain, a version) stays.
    static func sentenceFinalFullStops(_ text: String) -> String {
        let characters = Array(text)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character == "." {
                let previous = index > 0 ? characters[index - 1] : nil
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                let inWord = previous.map { $0.isASCII && ($0.isLetter || $0.isNumber) } == true
                    && next.map { $0.isASCII && ($0.isLetter || $0.isNumber) } == true
                result.append(inWord ? "." : "。")
            } else {
                result.append(character)
            }
        }
        return result
    }
}
