/// The text front end: from request text to the segments an engine speaks.
///
/// Control tags are interpreted and removed, compatibility forms are folded (full-width Latin and digits,
/// circled numbers: `CompatibilityForms`), the text is split where the script changes, each run is
/// normalised in its language, then split into sentences and merged into segments (frontend.md §1–2). For a
/// streamed request the first segment is cut short (`FirstSegmentCut`).
public struct TextFrontend: Sendable {
    /// The front end's own rules, which read when there are no grammars.
    private let rules = TextNormalizer()
    let detector = LanguageDetector()
    private let splitter = TextSplitter()
    private let firstSegmentCut = FirstSegmentCut()
    /// WeTextProcessing's grammars, which read Mandarin and English on the asynchronous paths; nil = the rules.
    public let grammars: GrammarExecutor?

    /// - Parameter grammars: WeTextProcessing's grammars, which then read Mandarin and English
    ///   (``TextNormalizer``) in ``segments(normalizing:primaryLanguage:streaming:)`` and
    ///   ``spokenUnits(normalizing:language:)``; nil reads everything with the front end's own rules.
    public init(grammars: GrammarExecutor? = nil) {
        self.grammars = grammars
    }

    /// The segments to speak, in order, read by the grammars when this front end has them. The reading runs on
    /// the grammars' own threads (``GrammarExecutor``), never on the cooperative pool; without grammars it is
    /// the rules' linear-time reading, done in place.
    public func segments(normalizing text: ReadText, primaryLanguage: Language, streaming: Bool) async -> [Segment] {
        guard let grammars else { return segments(of: text, primaryLanguage: primaryLanguage, streaming: streaming) }
        return await grammars.run { loaded, _ in
            self.segments(of: text, primaryLanguage: primaryLanguage, streaming: streaming, normalizer: TextNormalizer(grammars: loaded))
        }
    }

    /// ``segments(normalizing:primaryLanguage:streaming:)`` of text not read yet.
    public func segments(normalizing text: String, primaryLanguage: Language, streaming: Bool) async -> [Segment] {
        await segments(normalizing: read(text), primaryLanguage: primaryLanguage, streaming: streaming)
    }

    /// ``spokenUnits(in:language:)`` counted on the grammars' reading when this front end has them.
    public func spokenUnits(normalizing text: String, language: Language) async -> Int {
        guard let grammars else { return spokenUnits(in: text, language: language) }
        return await grammars.run { loaded, _ in
            self.spokenUnits(in: text, language: language, normalizer: TextNormalizer(grammars: loaded))
        }
    }

    /// The segments to speak, in order, read by the front end's own rules (the grammars only ever run through
    /// the asynchronous form). Empty when the text holds nothing to speak (only tags, punctuation or whitespace).
    /// - Parameters:
    ///   - primaryLanguage: the voice's language; it decides how Han characters are read (Mandarin or
    ///     Cantonese) and the language of text without letters. `<|xx|>` tags override it for the text after them.
    ///   - streaming: true for a streamed request, whose first segment is cut short for latency.
    public func segments(for text: String, primaryLanguage: Language, streaming: Bool) -> [Segment] {
        segments(of: read(text), primaryLanguage: primaryLanguage, streaming: streaming)
    }

    /// The segments of text already read (``read(_:)``), once its voice's language is known, by the rules.
    public func segments(of text: ReadText, primaryLanguage: Language, streaming: Bool) -> [Segment] {
        segments(of: text, primaryLanguage: primaryLanguage, streaming: streaming, normalizer: rules)
    }

    /// The one segmentation, whichever normaliser reads: normalise each run, then split (frontend.md §1).
    private func segments(of text: ReadText, primaryLanguage: Language, streaming: Bool, normalizer: TextNormalizer) -> [Segment] {
        let normalises = text.normalises
        let runs = text.entries
        var segments: [Segment] = []
        var pendingPause = 0.0
        var firstCutDone = !streaming
        for (offset, entry) in runs.enumerated() {
            let language = entry.language(primary: primaryLanguage)
            let text = normalises
                ? normalizer.normalize(entry.run.text, language: language, endsText: offset == runs.count - 1)
                : TextNormalizer.collapsingWhitespace(entry.run.text)
            var sentences = splitter.sentences(text, language: language)
            var pieces: [(text: String, cutShort: Bool)] = []
            if !firstCutDone, let firstIndex = sentences.firstIndex(where: \.hasSpokenContent) {
                firstCutDone = true
                let first = sentences[firstIndex]
                sentences.removeFirst(firstIndex + 1)
                if let cut = firstSegmentCut.cut(first, language: language) {
                    pieces.append((cut.head, true))
                    sentences.insert(cut.tail, at: 0)
                } else {
                    pieces.append((first, false))
                }
            }
            pieces += splitter.merge(sentences, language: language).map { ($0, false) }

            pendingPause += entry.pauseBefore
            for piece in pieces where piece.text.hasSpokenContent {
                segments.append(Segment(
                    text: piece.text,
                    language: language,
                    emphasis: entry.emphasis,
                    pauseBefore: pendingPause,
                    endsSentence: !piece.cutShort && endsSentence(piece.text, language: language)
                ))
                pendingPause = 0
            }
        }
        // The end of the text ends a sentence, punctuated or not.
        if let last = segments.indices.last { segments[last].endsSentence = true }
        return segments
    }

    /// Syllables (Han characters, kana morae, Hangul blocks) plus words written in other scripts, after
    /// normalisation and with control tags removed: the measure of speaking rate (syllables or words per
    /// second). "我有3个苹果" counts 6; "I have 3 apples" counts 4.
    public func spokenUnits(in text: String, language: Language) -> Int {
        spokenUnits(in: text, language: language, normalizer: rules)
    }

    private func spokenUnits(in text: String, language: Language, normalizer: TextNormalizer) -> Int {
        let normalises = !ControlTags.containsUnknownMarker(text)
        var units = 0
        for event in ControlTags.parse(text) {
            guard case .text(let text, _) = event else { continue }
            for run in detector.runs(in: CompatibilityForms.folding(text), primary: language) {
                let spoken = normalises ? normalizer.normalize(run.text, language: run.language) : run.text
                units += spoken.filter(\.isSyllable).count
                units += spoken
                    .split { $0.isWhitespace || Script($0).isSyllabic }
                    .filter { $0.contains { $0.isLetter || $0.isNumber } }
                    .count
            }
        }
        return units
    }

    private func endsSentence(_ text: String, language: Language) -> Bool {
        let ends = language.countsSyllables ? TextSplitter.syllabicSentenceEnds : TextSplitter.wordSentenceEnds
        let last = text.reversed().first { !TextSplitter.closingQuotes.contains($0) && !$0.isWhitespace }
        return last.map(ends.contains) ?? false
    }
}

extension Character {
    /// One spoken syllable: a Han character, a kana mora (small ゃ, ゅ, ょ and vowels fold into the one
    /// before) or a Hangul block.
    var isSyllable: Bool {
        let script = Script(self)
        guard script.isSyllabic else { return false }
        return !"ぁぃぅぇぉゃゅょゎァィゥェォャュョヮ".contains(self) && self != "・"
    }
}
