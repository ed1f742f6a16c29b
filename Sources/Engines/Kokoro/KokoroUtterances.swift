/// A Kokoro phoneme string cut into the units one model call speaks: sentences, and long sentences cut at a
/// comma or a word boundary so that a stop request waits for at most one unit.
public enum KokoroUtterances {
    /// Phoneme symbols per model call at most (≈ 6–8 s of speech).
    public static let maxSymbols = 100

    public struct Utterance: Equatable, Sendable {
        public var phonemes: String
        /// False when the unit was cut inside a sentence: a shorter pause follows it.
        public var endsSentence: Bool
    }

    public static func split(_ phonemes: String) -> [Utterance] {
        var utterances: [Utterance] = []
        for sentence in sentences(of: phonemes) {
            var rest = Substring(sentence)
            while rest.count > maxSymbols {
                let window = rest.prefix(maxSymbols)
                let cut = window.lastIndex(of: ",").map { rest.index(after: $0) }
                    ?? window.lastIndex(of: " ")
                    ?? window.endIndex
                let head = rest[..<cut].trimmingSpaces
                if !head.isEmpty { utterances.append(Utterance(phonemes: head, endsSentence: false)) }
                rest = rest[cut...]
            }
            let tail = rest.trimmingSpaces
            if !tail.isEmpty { utterances.append(Utterance(phonemes: tail, endsSentence: true)) }
        }
        return utterances
    }

    /// Sentences end after . ! ? (with any closing quote that follows).
    private static func sentences(of phonemes: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        var ended = false
        for character in phonemes {
            if ended && character != "”" && character != "\"" && !"!?.".contains(character) {
                sentences.append(current)
                current = ""
                ended = false
            }
            current.append(character)
            if "!?.".contains(character) { ended = true }
        }
        if !current.isEmpty { sentences.append(current) }
        return sentences
    }
}

private extension Substring {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
