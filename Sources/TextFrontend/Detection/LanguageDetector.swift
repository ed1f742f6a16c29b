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
        // Han and kana share a group so that Japanese sentences mixing kanji and kana stay one run.
        enum Group { case cjk, hangul, latin }
        func group(_ script: Script) -> Group? {
            switch script {
            case .han, .kana: .cjk
            case .hangul: .hangul
            case .latin: .latin
            case .neutral: nil
            }
        }

        var pieces: [(text: String, group: Group?, hasKana: Bool)] = []
        for character in text {
            let script = Script(character)
            let characterGroup = group(script)
            if let characterGroup, let last = pieces.last, last.group == nil || last.group == characterGroup {
                // Leading neutral text takes the group of the first letter after it.
                pieces[pieces.count - 1].group = characterGroup
                pieces[pieces.count - 1].text.append(character)
                pieces[pieces.count - 1].hasKana = last.hasKana || script == .kana
            } else if characterGroup == nil, !pieces.isEmpty {
                pieces[pieces.count - 1].text.append(character)
            } else {
                pieces.append((String(character), characterGroup, script == .kana))
            }
        }

        return pieces.map { piece in
            let language: Language
            switch piece.group {
            case .cjk:
                if piece.hasKana {
                    language = .japanese
                } else {
                    language = [.mandarin, .cantonese, .japanese].contains(primary) ? primary : .mandarin
                }
            case .hangul: language = .korean
            case .latin: language = .english
            case nil: language = primary
            }
            return Run(text: piece.text, language: language)
        }
    }
}
