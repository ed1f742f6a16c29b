/// Reads an instruct-mode instruction ("用很慢的语速说", "Speak in a sad, low voice.", a persona description)
/// into the controls the server can honour (frontend.md §3). Anything it cannot honour is ignored; the
/// instruction itself is never spoken.
public struct InstructionParser: Sendable {
    public init() {}

    public func parse(_ instruction: String) -> InstructControls {
        let text = Self.strippingMarkers(instruction)
        let lowered = text.lowercased()
        let words = Self.words(in: lowered)
        var controls = InstructControls()
        controls.rate = Self.chineseRate(lowered) ?? Self.englishRate(words)
        controls.volume = Self.chineseVolume(lowered) ?? Self.englishVolume(words)
        controls.pitch = Self.chinesePitch(lowered) ?? Self.englishPitch(words)
        controls.emotion = Self.firstMatch(in: lowered, words: words, Self.emotionCues)
        controls.gender = Self.firstMatch(in: lowered, words: words, Self.genderCues)
        controls.language = Self.firstMatch(in: lowered, words: words, Self.languageCues)
        if controls.language == nil || controls.language == .mandarin, let dialect = Self.dialect(in: lowered, words: words) {
            controls.language = .mandarin
            controls.dialectNote = "\(dialect) is not available; speaking Mandarin"
        }
        return controls
    }

    /// Removes `<|endofprompt|>` and a leading "You are a helpful assistant.".
    static func strippingMarkers(_ instruction: String) -> String {
        var text = instruction.replacing(ControlTags.endOfPrompt, with: "").trimmingWhitespace()
        let preamble = "You are a helpful assistant."
        if text.lowercased().hasPrefix(preamble.lowercased()) {
            text = String(text.dropFirst(preamble.count)).trimmingWhitespace()
        }
        return text
    }

    /// Lower-case English words (letters, inner apostrophes and hyphens kept).
    static func words(in text: String) -> [String] {
        text.split { !($0.isASCII && $0.isLetter) && $0 != "'" && $0 != "-" }
            .map { String($0.drop { $0 == "'" || $0 == "-" }.reversed().drop { $0 == "'" || $0 == "-" }.reversed()) }
            .filter { !$0.isEmpty }
    }

    // MARK: Rate

    private static let chineseVeryWords = ["很", "非常", "特别", "十分", "极", "超级", "相当"]
    private static let chineseSlightWords = ["一点", "一些", "稍微", "稍", "有点", "些许", "略"]

    static func chineseRate(_ text: String) -> Double? {
        if let degree = chineseDegree(of: "慢", in: text, excluding: []) {
            return [Degree.very: 0.7, .normal: 0.85, .slight: 0.92][degree]
        }
        if let degree = chineseDegree(of: "快", in: text, excluding: ["快乐", "愉快", "欢快", "痛快", "凉快", "爽快"]) {
            return [Degree.very: 1.4, .normal: 1.2, .slight: 1.1][degree]
        }
        return nil
    }

    static func englishRate(_ words: [String]) -> Double? {
        let fast: Set = ["fast", "faster", "quick", "quickly", "quicker", "rapid", "rapidly", "hurried", "hurriedly"]
        let slow: Set = ["slow", "slower", "slowly", "leisurely", "unhurried"]
        for (index, word) in words.enumerated() {
            if fast.contains(word) { return [Degree.very: 1.4, .normal: 1.2, .slight: 1.1][englishDegree(before: index, in: words)] }
            if slow.contains(word) { return [Degree.very: 0.7, .normal: 0.85, .slight: 0.92][englishDegree(before: index, in: words)] }
        }
        return nil
    }

    // MARK: Volume

    static func chineseVolume(_ text: String) -> Double? {
        let cues: [(String, Double)] = [
            ("耳语", -10), ("悄悄", -10), ("气声", -10),
            ("大声一点", 4), ("大点声", 4), ("大声些", 4), ("大一点声", 4), ("声音大一点", 4), ("响一点", 4),
            ("小声一点", -4), ("小点声", -4), ("声音小一点", -4), ("轻一点", -4),
            ("很大声", 8), ("非常大声", 8), ("大声", 6), ("响亮", 6), ("高声", 6),
            ("小声", -6), ("轻声", -6), ("低声", -6), ("轻轻", -6),
        ]
        return cues.first { text.contains($0.0) }?.1
    }

    static func englishVolume(_ words: [String]) -> Double? {
        for (index, word) in words.enumerated() {
            let degree = englishDegree(before: index, in: words)
            switch word {
            case "whisper", "whispering", "whispered", "whispers", "whispery": return -10
            case "loud", "loudly": return degree == .very ? 8 : degree == .slight ? 4 : 6
            case "louder": return degree == .very ? 8 : 4
            case "soft", "softly", "quiet", "quietly", "hushed": return degree == .slight ? -4 : -6
            case "softer", "quieter": return -4
            case "volume" where index > 0:
                if words[index - 1] == "low" { return -6 }
                if words[index - 1] == "high" { return 6 }
            default: continue
            }
        }
        return nil
    }

    // MARK: Pitch

    static func chinesePitch(_ text: String) -> Double? {
        if text.contains("低沉") || text.contains("深沉") || text.contains("浑厚") { return -4 }
        if let degree = chineseDegree(of: "低", in: text, excluding: ["低声", "降低"]) { return degree == .very ? -5 : -3 }
        if let degree = chineseDegree(of: "高", in: text, excluding: ["高兴", "高声", "提高", "高采烈"]) { return degree == .very ? 5 : 3 }
        if text.contains("尖") { return 3 }
        return nil
    }

    static func englishPitch(_ words: [String]) -> Double? {
        for (index, word) in words.enumerated() {
            let nextIsVolume = index + 1 < words.count && words[index + 1] == "volume"
            let degree = englishDegree(before: index, in: words)
            switch word {
            case "deep", "deeper", "bass", "baritone": return -4
            case "low", "lower", "low-pitched", "high", "higher", "high-pitched", "squeaky", "shrill":
                if nextIsVolume { continue }
                let sign = word.hasPrefix("low") ? -1.0 : 1.0
                return sign * (degree == .very ? 5 : 3)
            default: continue
            }
        }
        return nil
    }

    // MARK: Emotion, gender, language

    private static let emotionCues: [(cues: [String], value: Emotion)] = [
        (["开心", "高兴", "快乐", "愉快", "欢快", "喜悦", "兴高采烈",
          "happy", "happily", "cheerful", "cheerfully", "joyful", "joyfully", "glad", "delighted", "upbeat", "cheery"], .happy),
        (["悲伤", "难过", "伤心", "悲痛", "哀伤", "忧郁", "沮丧",
          "sad", "sadly", "melancholy", "melancholic", "sorrowful", "gloomy", "mournful", "depressed", "unhappy"], .sad),
        (["生气", "愤怒", "恼火", "气愤", "发火",
          "angry", "angrily", "furious", "mad", "irritated", "annoyed", "enraged"], .angry),
        (["平静", "冷静", "温柔", "平和", "舒缓", "柔和", "淡定", "轻柔",
          "calm", "calmly", "gentle", "gently", "soothing", "peaceful", "relaxed", "serene", "tender", "tranquil"], .calm),
        (["兴奋", "激动", "激昂", "热情", "激情",
          "excited", "excitedly", "fiery", "passionate", "passionately", "energetic", "enthusiastic", "fervent",
          "thrilled", "exuberant"], .excited),
    ]

    private static let genderCues: [(cues: [String], value: Gender)] = [
        (["女声", "女性", "女生", "女人", "女孩", "女士", "female", "woman", "women", "girl", "lady", "feminine"], .female),
        (["男声", "男性", "男生", "男人", "男孩", "男士", "male", "man", "men", "boy", "gentleman", "masculine"], .male),
    ]

    private static let languageCues: [(cues: [String], value: Language)] = [
        (["粤语", "广东话", "粤", "白话", "cantonese"], .cantonese),
        (["英语", "英文", "english"], .english),
        (["日语", "日文", "japanese"], .japanese),
        (["韩语", "韩文", "朝鲜语", "korean"], .korean),
        (["普通话", "国语", "汉语", "中文", "mandarin", "chinese"], .mandarin),
    ]

    /// Chinese dialects no installed voice speaks, with the English name used in the note.
    private static let dialects: [(cues: [String], name: String)] = [
        (["四川话", "川话", "sichuanese", "sichuan"], "Sichuanese"),
        (["重庆话", "chongqing"], "Chongqing dialect"),
        (["上海话", "shanghainese"], "Shanghainese"),
        (["东北话"], "Northeastern Mandarin"),
        (["天津话"], "Tianjin dialect"),
        (["北京话"], "Beijing dialect"),
        (["河南话", "郑州话"], "Henan dialect"),
        (["山东话"], "Shandong dialect"),
        (["山西话"], "Shanxi dialect"),
        (["陕西话", "西安话"], "Shaanxi dialect"),
        (["湖南话", "长沙话", "hunanese"], "Hunanese"),
        (["湖北话", "武汉话"], "Wuhan dialect"),
        (["闽南话", "闽南语", "台语", "hokkien"], "Hokkien"),
        (["客家话", "hakka"], "Hakka"),
        (["潮汕话", "潮州话", "teochew"], "Teochew"),
        (["温州话"], "Wenzhounese"),
        (["杭州话", "苏州话", "吴语"], "Wu Chinese"),
        (["南京话"], "Nanjing dialect"),
        (["云南话"], "Yunnan dialect"),
        (["贵州话"], "Guizhou dialect"),
        (["甘肃话"], "Gansu dialect"),
        (["宁夏话"], "Ningxia dialect"),
        (["方言", "dialect"], "The requested dialect"),
    ]

    static func dialect(in text: String, words: [String]) -> String? {
        dialects.first { $0.cues.contains { cue in matches(cue, text: text, words: words) } }?.name
    }

    /// The value whose cue appears earliest in the text.
    static func firstMatch<Value>(in text: String, words: [String], _ table: [(cues: [String], value: Value)]) -> Value? {
        var best: (position: Int, value: Value)?
        for (cues, value) in table {
            for cue in cues {
                guard let position = position(of: cue, text: text, words: words) else { continue }
                if best == nil || position < best!.position { best = (position, value) }
            }
        }
        return best?.value
    }

    /// Chinese cues match as substrings; English cues as whole words (so "female" is not "male").
    private static func matches(_ cue: String, text: String, words: [String]) -> Bool {
        position(of: cue, text: text, words: words) != nil
    }

    private static func position(of cue: String, text: String, words: [String]) -> Int? {
        guard cue.allSatisfy(\.isASCII) else {
            return text.range(of: cue).map { text.distance(from: text.startIndex, to: $0.lowerBound) }
        }
        guard words.contains(cue) else { return nil }
        // Character offset of the first whole-word occurrence, comparable with Chinese cues' offsets.
        var searchStart = text.startIndex
        while let range = text.range(of: cue, range: searchStart..<text.endIndex) {
            let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : " "
            let after = range.upperBound < text.endIndex ? text[range.upperBound] : " "
            if !(before.isASCII && before.isLetter), !(after.isASCII && after.isLetter) {
                return text.distance(from: text.startIndex, to: range.lowerBound)
            }
            searchStart = range.upperBound
        }
        return nil
    }

    // MARK: Degree words

    enum Degree { case very, normal, slight }

    /// Degree of the first occurrence of `key` not inside one of `excluded`: 很慢 → very, 慢一点 → slight.
    static func chineseDegree(of key: Character, in text: String, excluding excluded: [String]) -> Degree? {
        let characters = Array(text)
        for (index, character) in characters.enumerated() where character == key {
            let around = String(characters[max(0, index - 2)..<min(characters.count, index + 3)])
            if excluded.contains(where: { around.contains($0) && $0.contains(key) }) { continue }
            let before = String(characters[max(0, index - 3)..<index])
            let after = String(characters[(index + 1)..<min(characters.count, index + 4)])
            if chineseVeryWords.contains(where: { before.hasSuffix($0) }) { return .very }
            if chineseSlightWords.contains(where: { before.hasSuffix($0) || after.hasPrefix($0) })
                || before.hasSuffix("一点") || after.hasPrefix("点") {
                return .slight
            }
            return .normal
        }
        return nil
    }

    /// Degree from the one or two words before `index`: "very fast" → very, "a bit faster" → slight.
    static func englishDegree(before index: Int, in words: [String]) -> Degree {
        let previous = index > 0 ? words[index - 1] : ""
        let twoBack = index > 1 ? words[index - 2] + " " + previous : ""
        if ["very", "extremely", "really", "super", "incredibly", "much"].contains(previous) { return .very }
        if ["slightly", "somewhat", "little", "bit", "tad"].contains(previous)
            || ["a little", "a bit", "a tad", "kind of", "a touch"].contains(twoBack) {
            return .slight
        }
        return .normal
    }
}
