/// Joins words' phonemes into one string with misaki's spacing: a space after each word; none before closing
/// punctuation (. , ? ! : ”) and none after an opening quote; none around the glottal stop ʔ of っ unless
/// punctuation or a quote is there.
enum JapanesePhonemeJoiner {
    private static let closing: Set<String> = [".", ",", "?", "!", ":", "”"]
    private static let opening: Set<String> = ["“"]

    static func phonemes(of words: [JapaneseWord]) -> String {
        var tokens: [(text: String, space: Bool)] = []
        for word in words {
            let text = word.source == .unread ? "" : word.phonemes
            if word.source == .punctuation && text.isEmpty {
                // A separating mark: a word boundary, nothing spoken.
                if !tokens.isEmpty { tokens[tokens.count - 1].space = true }
                continue
            }
            if word.source == .unread {
                // Something unreadable: a short pause where it was, so the words around it do not run together.
                if let last = tokens.indices.last { tokens[last].space = false }
                tokens.append((",", true))
                continue
            }
            if opening.contains(text) {
                if let last = tokens.indices.last { tokens[last].space = true }
                tokens.append((text, false))
            } else if closing.contains(text) {
                if let last = tokens.indices.last { tokens[last].space = false }
                tokens.append((text, true))
            } else {
                tokens.append((text, true))
            }
        }
        var joined = ""
        for token in tokens where !token.text.isEmpty {
            joined += token.text
            if token.space { joined += " " }
        }
        return tightenedAroundGlottalStop(collapsedSpaces(joined))
    }

    private static func collapsedSpaces(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// misaki: `(?<![!",.:;?»—…”]) (?=ʔ)|(?<=ʔ) (?!["«“])` removed.
    private static func tightenedAroundGlottalStop(_ text: String) -> String {
        let characters = Array(text)
        var out = ""
        for (index, character) in characters.enumerated() {
            if character == " " {
                let previous = index > 0 ? characters[index - 1] : nil
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                let beforeStop = next == "ʔ" && !(previous.map { "!\",.:;?»—…”".contains($0) } ?? false)
                let afterStop = previous == "ʔ" && !(next.map { "\"«“".contains($0) } ?? false)
                if beforeStop || afterStop { continue }
            }
            out.append(character)
        }
        return out
    }
}
