/// A request's text read once: control tags interpreted, compatibility forms folded, runs detected by script,
/// and the scripts no voice reads named. What still depends on the voice — how Han characters and text
/// without letters are read — is left open until ``TextFrontend/segments(of:primaryLanguage:streaming:)``,
/// so choosing the voice needs no second pass over the text.
public struct ReadText: Sendable {
    struct Entry: Sendable {
        var run: ScriptRun
        /// The language a `<|xx|>` tag set for this text; nil = the primary language.
        var taggedLanguage: Language?
        var emphasis: Bool
        var pauseBefore: Double

        func language(primary: Language) -> Language {
            run.language(primary: taggedLanguage ?? primary)
        }
    }

    /// Runs with something to speak, in reading order.
    let entries: [Entry]
    /// False when the text holds a `<|…|>` marker outside the vocabulary: CosyVoice speaks such text without
    /// normalisation, and so do we.
    let normalises: Bool
    /// The scripts in the text that none of the front end's languages is written in, by English name, in
    /// order of first appearance (``TextFrontend/unsupportedScripts(in:)``).
    public let unsupportedScripts: [String]

    /// The language of the first run with something to speak when Han characters are read in `primary`;
    /// nil when nothing in the text is spoken. It decides the base voice of prompt-driven modes.
    public func leadingLanguage(primary: Language) -> Language? {
        entries.first?.language(primary: primary)
    }

    /// True when no run has anything to speak (only tags, punctuation or symbols).
    public var isSilent: Bool { entries.isEmpty }
}

extension TextFrontend {
    /// Reads `text` once: tags, folding, script runs and unsupported scripts. Linear in the text.
    public func read(_ text: String) -> ReadText {
        var entries: [ReadText.Entry] = []
        var census = ScriptCensus()
        var pause = 0.0
        var language: Language?
        for event in ControlTags.parse(text) {
            switch event {
            case .pause(let seconds):
                pause += seconds
            case .languageSwitch(let newLanguage):
                language = newLanguage
            case .text(let text, let emphasis):
                let folded = CompatibilityForms.folding(text)
                census.count(folded)
                for run in detector.scriptRuns(in: folded) where run.text.hasSpokenContent {
                    entries.append(ReadText.Entry(run: run, taggedLanguage: language, emphasis: emphasis, pauseBefore: pause))
                    pause = 0
                }
            }
        }
        return ReadText(entries: entries, normalises: !ControlTags.containsUnknownMarker(text), unsupportedScripts: census.names)
    }
}
