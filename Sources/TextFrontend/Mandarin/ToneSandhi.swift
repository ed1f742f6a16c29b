/// Tone changes of spoken Mandarin that pinyin dictionaries leave out.
///
/// - 不 bu4 becomes bu2 before a fourth tone (不是 bu2 shi4).
/// - 一 yi1 becomes yi2 before a fourth or neutral tone (一个 yi2 ge4) and yi4 before the others (一起 yi4 qi3);
///   it stays yi1 in numbers and ordinals (十一, 第一), at the end of a phrase and in words it ends (统一), and
///   is neutral between a repeated verb (看一看).
/// - A third tone before another third tone becomes a second tone (你好 ni2 hao3, 很好 hen2 hao3), applied
///   left to right over the phrase using the dictionary tones (我很好 wo2 hen2 hao3).
enum ToneSandhi {
    /// Characters after which 一 is read yi1: numerals and the words 一 commonly ends.
    private static let plainYiAfter: Set<Character> = [
        "零", "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百", "千", "万", "亿", "两", "点",
        "第", "初", "之", "唯", "统", "同", "单", "逐", "专", "归", "划", "合",
    ]
    /// Digits after which 一 is read yi1 (一二三), as opposed to 一百, 一千 which follow the tone rule.
    private static let digitsAfterYi: Set<Character> = ["零", "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"]

    /// Applies the rules to one phrase (text between two punctuation marks).
    /// - Parameters:
    ///   - characters: the phrase's hanzi, one per syllable.
    ///   - syllables: their dictionary readings, changed in place.
    static func apply(characters: [Character], syllables: inout [PinyinSyllable]) {
        precondition(characters.count == syllables.count)
        let dictionary = syllables
        for i in syllables.indices {
            let next = i + 1 < dictionary.count ? dictionary[i + 1] : nil
            switch characters[i] {
            case "不" where dictionary[i].letters == "bu":
                if let next, next.tone == 4 { syllables[i].tone = 2 }
            case "一" where dictionary[i].letters == "yi":
                syllables[i].tone = yiTone(at: i, characters: characters, next: next)
            default:
                break
            }
        }
        for i in syllables.indices.dropLast() where dictionary[i].tone == 3 && dictionary[i + 1].tone == 3 {
            syllables[i].tone = 2
        }
    }

    private static func yiTone(at i: Int, characters: [Character], next: PinyinSyllable?) -> Int {
        let previous = i > 0 ? characters[i - 1] : nil
        let following = i + 1 < characters.count ? characters[i + 1] : nil
        guard let next, let following else { return 1 }
        if let previous, plainYiAfter.contains(previous) { return 1 }
        if digitsAfterYi.contains(following) { return 1 }
        if let previous, previous == following { return 5 }
        return next.tone == 4 || next.tone == 5 ? 2 : 4
    }
}
