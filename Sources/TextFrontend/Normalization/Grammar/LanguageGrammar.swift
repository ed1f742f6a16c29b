/// One language's text-normalisation grammars, a tagger and a verbaliser, run as WeTextProcessing's runtime
/// runs them: trim the text; unless it is English, leave text without a digit as it is; tag it, put each
/// token's fields in the verbaliser's order (``TaggedTokens``), verbalise, trim.
///
/// Long text is rewritten a sentence at a time (``chunks(of:)``): composing a whole text with a grammar costs
/// more than linear time in its length, and the tokens never reach across a sentence end.
struct LanguageGrammar: Sendable {
    let tagger: TextGrammar
    let verbalizer: TextGrammar
    let fieldOrder: TokenFieldOrder
    /// Whether text without a digit is rewritten too (English: abbreviations, symbols).
    let rewritesTextWithoutDigits: Bool

    /// The most characters rewritten at once: a sentence longer than this is cut at its last space or
    /// punctuation before it (or, with none, at it), which bounds the time and memory of one rewrite.
    static let maxChunkCharacters = 160

    /// The spoken form of `text`; nil when a grammar has no path for some sentence of it (the caller falls back
    /// to its own rules).
    func normalize(_ text: String) -> String? {
        let chunks = Self.chunks(of: text)
        var spoken: [String] = []
        for chunk in chunks {
            guard let words = normalizeChunk(chunk) else { return nil }
            if !words.isEmpty { spoken.append(words) }
        }
        return spoken.joined(separator: rewritesTextWithoutDigits ? " " : "")
    }

    private func normalizeChunk(_ text: String) -> String? {
        let prepared = text.trimmingWhitespace()
        guard !prepared.isEmpty else { return "" }
        if !rewritesTextWithoutDigits, !prepared.unicodeScalars.contains(where: { $0.properties.numericType == .decimal }) {
            return prepared
        }
        guard !prepared.unicodeScalars.contains("\u{0}"),
              let tagged = tagger.rewrite(prepared)?.trimmingWhitespace(),
              let tokens = TaggedTokens(parsing: tagged),
              let spoken = verbalizer.rewrite(tokens.serialised(in: fieldOrder))
        else { return nil }
        return spoken.trimmingWhitespace()
    }

    /// `text` cut after each sentence end (`。！？；!?;`, a newline, or `.` before a space and a capital) and, within a sentence
    /// longer than ``maxChunkCharacters``, before that many characters. Concatenated, the chunks give back `text`.
    static func chunks(of text: String) -> [String] {
        let characters = Array(text)
        var chunks: [String] = []
        var start = 0
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            let afterNext = index + 2 < characters.count ? characters[index + 2] : nil
            // A full stop ends a sentence before a space and a capital; before a digit or a small letter it is
            // an abbreviation's (`Jan. 5th`, `No. 5`), whose token goes on.
            if "。！？；!?;\n".contains(character) || character == "." && next == " " && afterNext?.isUppercase == true {
                chunks.append(String(characters[start...index]))
                start = index + 1
            } else if index + 1 - start >= maxChunkCharacters {
                let breaks = characters[start...index].lastIndex { $0.isWhitespace || $0.isPunctuation }
                let end = breaks.map { $0 > start ? $0 : index } ?? index
                chunks.append(String(characters[start...end]))
                start = end + 1
            }
            index += 1
        }
        if start < characters.count { chunks.append(String(characters[start...])) }
        return chunks
    }
}
