/// One Mandarin syllable in toned pinyin, written as the Baker corpus writes it: toneless letters with `v`
/// for ü, and a tone number 1–4, or 5 for the neutral tone (`hao3`, `lv4`, `de5`).
public struct PinyinSyllable: Sendable, Hashable, CustomStringConvertible {
    /// Toneless spelling, e.g. `zhong`, `lv`.
    public var letters: String
    /// 1–4, or 5 for the neutral tone.
    public var tone: Int

    public init(letters: String, tone: Int) {
        self.letters = letters
        self.tone = tone
    }

    /// Parses `zhong1`, `lv4`, `de5`; nil for anything else.
    public init?(_ text: some StringProtocol) {
        guard let last = text.last, let tone = last.wholeNumberValue, (1...5).contains(tone), text.count > 1 else {
            return nil
        }
        let letters = text.dropLast()
        guard letters.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return nil }
        self.init(letters: String(letters), tone: tone)
    }

    public var description: String { "\(letters)\(tone)" }
}
