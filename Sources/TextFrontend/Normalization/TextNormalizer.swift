/// Turns written text into speakable text, following CosyVoice's front end (frontend.md §1): numbers, dates,
/// times, money, percentages and abbreviations become words, compatibility forms are folded
/// (`CompatibilityForms`), and typographic clutter goes.
///
/// With ``NormalizationGrammars`` loaded, Mandarin and English text is read by WeTextProcessing's grammars, as
/// CosyVoice reads it, and the Chinese path's punctuation rules follow; Japanese, Cantonese and Korean, and any
/// text a grammar has no path for, are read by the front end's own rules. Those rules are total: numbers of
/// any length or value are read, or read digit by digit, and every rule runs in time linear in the text's length.
///
/// Text with a `<|…|>` marker other than a language tag or `<|endofprompt|>` is returned unchanged, as
/// CosyVoice does. Control tags are not this type's business: the caller removes them first, so neither they nor
/// `<|…|>` markers ever reach a grammar.
public struct TextNormalizer: Sendable {
    /// The grammars, when loaded; nil reads everything with the front end's own rules.
    let grammars: NormalizationGrammars?

    public init(grammars: NormalizationGrammars? = nil) {
        self.grammars = grammars
    }

    /// Normalises `text`, picking the path as CosyVoice does: the Chinese path when the text holds any CJK
    /// ideograph (U+4E00–U+9FFF), otherwise the English path.
    public func normalize(_ text: String) -> String {
        normalize(text, language: text.contains { $0.isCJKIdeograph } ? .mandarin : .english)
    }

    /// Normalises `text` as `language`: the Chinese path for Mandarin and Cantonese (`2024年3月5日` →
    /// 二零二四年三月五日, `3.5%` → 百分之三点五, `¥128` → 一百二十八元), the English path for English
    /// (`$3.50` → three dollars fifty cents, `1990s` → nineteen nineties, `Dr.` → Doctor). Japanese and Korean
    /// text only has its whitespace tidied: their engines read digits themselves.
    public func normalize(_ text: String, language: Language) -> String {
        normalize(text, language: language, endsText: true)
    }

    /// - Parameter endsText: false when more text follows `text` (a later run of another script), so that
    ///   rules about the end of the text, such as a trailing comma becoming 。, do not fire mid-sentence.
    func normalize(_ text: String, language: Language, endsText: Bool) -> String {
        if ControlTags.containsUnknownMarker(text) { return text }
        let text = CompatibilityForms.folding(text)
        if Self.grammarLanguages.contains(language), let grammar = grammars?.grammar(for: language), let spoken = grammar.normalize(text) {
            return language == .english ? Self.collapsingWhitespace(spoken) : chinese(normalized: spoken, endsText: endsText)
        }
        switch language {
        case .mandarin, .cantonese: return chinese(text, endsText: endsText)
        case .english: return english(text)
        case .japanese, .korean: return Self.collapsingWhitespace(text.replacing("\r\n", with: "\n"))
        }
    }

    /// The languages a grammar reads on the synthesis path. Japanese is left to its voice: the Japanese grammar
    /// writes numbers in kanji (3時30分 → 三時三十分), which espeak-ng's Japanese voice reads far worse than digits
    /// (as names of characters: 5.4 s of speech against 2.6 s for the digits).
    static let grammarLanguages: Set<Language> = [.mandarin, .english]

    /// Runs of whitespace (newlines included) to one space, trimmed at both ends.
    static func collapsingWhitespace(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
