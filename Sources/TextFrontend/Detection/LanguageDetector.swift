/// Splits text into runs of one language by script.
///
/// Han → Mandarin (Cantonese or Japanese when that is the primary language, since both write Han), kana →
/// Japanese (a run holding any kana is Japanese, kanji included), Hangul → Korean, Latin → English whatever
/// the primary language: none of the other languages we speak is written in Latin script, so an English voice
/// reads Latin words best. Digits, punctuation and spaces join the run they follow (or, at the start, the run
/// they precede); text with no letters at all takes the primary language.
public struct LanguageDetector: Sendable {
    /// A stretch of text in one language.
    public struct Run: Sendable, Equatable {
        public var text: String
        public var language: Language

        public init(text: String, language: Language) {
            self.text = text
            self.language = language
        }
    }

    public init() {}

    /// Runs of `text` in reading order; concatenated they give back `text` exactly.
    /// - Parameter primary: the voice's or request's language, used for Han characters and letterless text.
    public func runs(in text: String, primary: Language) -> [Run] {
        scriptRuns(in: text).map { Run(text: $0.text, language: $0.language(primary: primary)) }
    }

    /// Runs of `text` by script, before a primary language is known: the part of detection that does not
    /// depend on the voice, so a request's text is scanned once however its voice is chosen later.
    func scriptRuns(in text: String) -> [ScriptRun] {
        var pieces: [ScriptRun] = []
        for character in text {
            let script = Script(character)
            let characterGroup = ScriptRun.Group(script)
            if let characterGroup, let last = pieces.last, last.group == nil || last.group == characterGroup {
                // Leading neutral text takes the group of the first letter after it.
                pieces[pieces.count - 1].group = characterGroup
                pieces[pieces.count - 1].text.append(character)
                pieces[pieces.count - 1].hasKana = last.hasKana || script == .kana
            } else if characterGroup == nil, !pieces.isEmpty {
                pieces[pieces.count - 1].text.append(character)
            } else {
                pieces.append(ScriptRun(text: String(character), group: characterGroup, hasKana: script == .kana))
            }
        }
        return pieces
    }
}

/// A stretch of text in one script group, whose language may still depend on the primary language.
struct ScriptRun: Sendable, Equatable {
    /// Han and kana share a group so that Japanese sentences mixing kanji and kana stay one run.
    enum Group: Sendable, Equatable {
        case cjk, hangul, latin

        init?(_ script: Script) {
            switch script {
            case .han, .kana: self = .cjk
            case .hangul: self = .hangul
            case .latin: self = .latin
            case .neutral: return nil
            }
        }
    }

    var text: String
    /// nil: no letters at all (digits, punctuation, spaces).
    var group: Group?
    var hasKana: Bool

    /// The run's language when Han characters and letterless text are read in `primary`.
    func language(primary: Language) -> Language {
        switch group {
        case .cjk:
            if hasKana { return .japanese }
            return [.mandarin, .cantonese, .japanese].contains(primary) ? primary : .mandarin
        case .hangul: return .korean
        case .latin: return .english
        case nil: return primary
        }
    }
}
