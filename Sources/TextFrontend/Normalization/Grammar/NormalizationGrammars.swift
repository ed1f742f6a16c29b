import Foundation

/// WeTextProcessing's text-normalisation grammars for Mandarin, English and Japanese (the `wetext` 0.1.8
/// wheel's `fsts/{zh,en,ja}/tn/{tagger,verbalizer}.fst`, installed by `scripts/setup`), loaded once.
/// Cantonese and Korean have none: they keep the front end's own rules.
public struct NormalizationGrammars: Sendable {
    /// Where `scripts/setup` installs them, next to the voices.
    public static let defaultDirectory = URL(fileURLWithPath: "/usr/local/share/cosyvoice/wetext")

    /// The languages that have grammars, with the folder of each under the grammar directory.
    static let folders: [(language: Language, folder: String)] = [(.mandarin, "zh"), (.english, "en"), (.japanese, "ja")]

    private let grammars: [Language: LanguageGrammar]

    /// Reads every grammar under `directory` (`zh/tn/tagger.fst` …): ≈ 0.8 s of one core and ≈ 34 MB resident in all, so
    /// callers load them once, off the cooperative pool. Throws when any file is missing or unreadable.
    public init(directory: URL = Self.defaultDirectory) throws {
        var grammars: [Language: LanguageGrammar] = [:]
        for (language, folder) in Self.folders {
            let base = directory.appending(path: folder).appending(path: "tn")
            grammars[language] = LanguageGrammar(
                tagger: try TextGrammar(contentsOf: base.appending(path: "tagger.fst").path),
                verbalizer: try TextGrammar(contentsOf: base.appending(path: "verbalizer.fst").path),
                fieldOrder: language == .english ? .english : .chinese,
                rewritesTextWithoutDigits: language == .english
            )
        }
        self.grammars = grammars
    }

    /// The grammar that normalises `language`; nil for Cantonese and Korean.
    func grammar(for language: Language) -> LanguageGrammar? {
        grammars[language]
    }
}
