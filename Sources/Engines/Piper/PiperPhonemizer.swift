import Foundation

/// Turns text into the phoneme sentences a Piper voice was trained on, the way piper-phonemize does:
/// espeak-ng IPA clause by clause, NFD-normalised, language-switch marks removed, the clause punctuation put
/// back, and clauses grouped into sentences at `.`, `?` and `!`.
///
/// sherpa-onnx 2.x has no text front end for Piper voices; these sentences go to it as Unicode scalars.
struct PiperPhonemizer: Sendable {
    /// espeak-ng voice (e.g. `en-us`).
    let espeakVoice: String
    /// Symbols the model knows; anything else is dropped before synthesis, as Piper does.
    let symbols: Set<Unicode.Scalar>

    init(config: PiperVoiceConfig) {
        espeakVoice = config.espeakVoice
        symbols = Set(config.phonemeIDs.keys)
    }

    /// The phoneme sentences of `text`, each ending in its punctuation. Runs espeak-ng on its serial queue and
    /// blocks the caller: call it from a thread the engine owns.
    func sentences(for text: String) throws -> [[Unicode.Scalar]] {
        Self.sentences(from: try EspeakLibrary.shared.phonemizeBlocking(text, voice: espeakVoice))
    }

    /// The sentences the model can speak: unknown symbols removed, sentences without a phoneme dropped.
    func modelInput(_ sentences: [[Unicode.Scalar]]) -> [[Unicode.Scalar]] {
        sentences
            .map { $0.filter(symbols.contains) }
            .filter { sentence in sentence.contains { !Self.punctuation.contains($0) && $0 != " " } }
    }

    /// Groups espeak clauses into phoneme sentences.
    static func sentences(from clauses: [EspeakClause]) -> [[Unicode.Scalar]] {
        var sentences: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for clause in clauses {
            let phonemes = Array(withoutLanguageSwitches(clause.phonemes).decomposedStringWithCanonicalMapping.unicodeScalars)
            guard !phonemes.isEmpty else { continue }
            if let last = current.last, last != " " { current.append(" ") }
            current += phonemes
            let mark = clause.terminator.flatMap { punctuationMark[$0] }
            switch mark {
            case ".", "?", "!":
                current.append(mark!)
                sentences.append(current)
                current = []
            case let mark?:
                current += [mark, " "]
            case nil:
                break
            }
        }
        while current.last == " " { current.removeLast() }
        if !current.isEmpty { sentences.append(current) }
        return sentences
    }

    /// Removes espeak's language-switch marks such as `(en)…(de)`: the parentheses and what they enclose.
    static func withoutLanguageSwitches(_ phonemes: String) -> String {
        var result = ""
        var inMark = false
        for scalar in phonemes.unicodeScalars {
            if inMark {
                if scalar == ")" { inMark = false }
            } else if scalar == "(" {
                inMark = true
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Clause terminators as the phoneme symbols Piper models use for them.
    private static let punctuationMark: [Character: Unicode.Scalar] = [
        ".": ".", "…": ".", "。": ".",
        "?": "?", "？": "?",
        "!": "!", "！": "!",
        ",": ",", "，": ",", "、": ",",
        ";": ";", "；": ";",
        ":": ":", "：": ":",
    ]
    private static let punctuation: Set<Unicode.Scalar> = [".", "?", "!", ",", ";", ":"]
}
