/// The CosyVoice 2/3 fine-grained control vocabulary (frontend.md §2) and its parser.
///
/// A tag is never spoken. Our engines cannot breathe, laugh or cough, so the non-speech tags become pauses,
/// the honest rendering; `<strong>` marks emphasis; `<|xx|>` switches the language of the text after it.
/// Bracketed words outside the vocabulary (`[note]`) are ordinary text.
public enum ControlTags {
    /// Seconds of silence for `[breath]`.
    public static let breathPause = 0.25
    /// Seconds of silence for `[quick_breath]`.
    public static let quickBreathPause = 0.12
    /// Seconds of silence for the other non-speech tags (`[laughter]`, `[sigh]`, `[cough]`, …).
    public static let nonSpeechPause = 0.2

    /// Bracket tags and the pause, in seconds, each one becomes.
    public static let pauseTags: [String: Double] = [
        "[breath]": breathPause,
        "[quick_breath]": quickBreathPause,
        "[laughter]": nonSpeechPause,
        "[sigh]": nonSpeechPause,
        "[cough]": nonSpeechPause,
        "[noise]": nonSpeechPause,
        "[clucking]": nonSpeechPause,
        "[accent]": nonSpeechPause,
        "[hissing]": nonSpeechPause,
        "[vocalized-noise]": nonSpeechPause,
        "[lipsmack]": nonSpeechPause,
        "[mn]": nonSpeechPause,
    ]

    /// v1 language tags and the language each selects.
    public static let languageTags: [String: Language] = [
        "<|zh|>": .mandarin, "<|en|>": .english, "<|ja|>": .japanese, "<|yue|>": .cantonese, "<|ko|>": .korean,
    ]

    /// The instruction terminator, stripped wherever it appears.
    public static let endOfPrompt = "<|endofprompt|>"

    /// One element of tagged text, in reading order.
    public enum Event: Sendable, Equatable {
        /// Text to speak; `emphasis` is true inside `<strong>…</strong>`.
        case text(String, emphasis: Bool)
        /// Silence, in seconds.
        case pause(Double)
        /// The text after this point is in `Language`.
        case languageSwitch(Language)
    }

    /// True when `text` holds a `<|…|>` marker that is neither a language tag nor `<|endofprompt|>`:
    /// CosyVoice passes such text to the model without normalisation, and so do we.
    public static func containsUnknownMarker(_ text: String) -> Bool {
        markers(in: text).contains { languageTags[$0] == nil && $0 != endOfPrompt }
    }

    /// Splits `text` into text runs and tag events. Adjacent text with the same emphasis is joined into one
    /// run; `<laughter>…</laughter>` keeps its inner text; an unclosed `<strong>` lasts to the end; stray
    /// closing tags and `<|…|>` markers outside the vocabulary are dropped, never spoken.
    public static func parse(_ text: String) -> [Event] {
        var events: [Event] = []
        var emphasis = false
        // Text not yet emitted, and the emphasis it is spoken with. Tags that change nothing (a stray closing
        // tag, `<laughter>`, an unknown marker) do not end it, so the text around them stays one run without
        // being copied again: the parse stays linear however many tags there are.
        var pending = ""
        var pendingEmphasis = false

        func flush() {
            guard !pending.isEmpty else { return }
            events.append(.text(pending, emphasis: pendingEmphasis))
            pending = ""
        }
        func appendText(_ character: Character) {
            if pendingEmphasis != emphasis {
                flush()
                pendingEmphasis = emphasis
            }
            pending.append(character)
        }

        var index = text.startIndex
        scan: while index < text.endIndex {
            let character = text[index]
            if character == "[" || character == "<" {
                let rest = text[index...]
                // Lower-cased for matching only; the offset past a tag is counted in the original text, capped
                // at its end in case case mapping changed a length.
                let head = String(rest.prefix(24)).lowercased()
                for (tag, seconds) in pauseTags where head.hasPrefix(tag) {
                    flush()
                    events.append(.pause(seconds))
                    index = text.index(index, offsetBy: tag.count, limitedBy: text.endIndex) ?? text.endIndex
                    continue scan
                }
                if character == "<" {
                    if let marker = leadingMarker(rest) {
                        if let language = languageTags[marker.lowercased()] {
                            flush()
                            events.append(.languageSwitch(language))
                        }
                        index = text.index(index, offsetBy: marker.count)
                        continue scan
                    }
                    for (tag, strong) in [("<strong>", true), ("</strong>", false), ("<laughter>", nil), ("</laughter>", nil)]
                    where head.hasPrefix(tag) {
                        if let strong { emphasis = strong }
                        index = text.index(index, offsetBy: tag.count, limitedBy: text.endIndex) ?? text.endIndex
                        continue scan
                    }
                }
            }
            appendText(character)
            index = text.index(after: index)
        }
        flush()
        return events
    }

    /// All `<|name|>` markers in `text`.
    static func markers(in text: String) -> [String] {
        var found: [String] = []
        var rest = text[...]
        while let start = rest.firstRange(of: "<|") {
            let candidate = rest[start.lowerBound...]
            if let marker = leadingMarker(candidate) {
                found.append(marker)
                rest = candidate.dropFirst(marker.count)
            } else {
                rest = candidate.dropFirst(2)
            }
        }
        return found
    }

    /// The `<|name|>` marker `text` starts with, if any: a short name of letters, digits, `_` or `-`.
    private static func leadingMarker(_ text: Substring) -> String? {
        guard text.hasPrefix("<|") else { return nil }
        var name = ""
        for character in text.dropFirst(2).prefix(40) {
            if character == "|" {
                let closing = text.dropFirst(2 + name.count)
                guard !name.isEmpty, closing.hasPrefix("|>") else { return nil }
                return "<|\(name)|>"
            }
            guard character.isASCII, character.isLetter || character.isNumber || character == "_" || character == "-" else {
                return nil
            }
            name.append(character)
        }
        return nil
    }
}
