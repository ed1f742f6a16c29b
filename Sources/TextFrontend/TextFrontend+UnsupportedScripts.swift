/// Text no voice can read: the front end names it so that the service refuses it instead of returning
/// silence.
extension TextFrontend {
    /// The scripts in `text` that none of the front end's languages is written in, by English name, in order
    /// of first appearance and without repeats: `"Привет"` → `["Cyrillic"]`, `"שלום and مرحبا"` →
    /// `["Hebrew", "Arabic"]`; empty when every letter is Han, kana, Hangul or Latin.
    ///
    /// Only letters count: digits, punctuation, symbols and emoji have no script (emoji-only text has nothing
    /// to speak and gives no segments). The text is looked at after compatibility folding, so full-width Latin
    /// is Latin; a Greek letter standing alone is a symbol (π, μ, Ω) and does not count. Control tags are
    /// Latin and never count.
    public func unsupportedScripts(in text: String) -> [String] {
        var names: [String] = []
        var previousName: String?
        for character in CompatibilityForms.folding(text) {
            let name = character.isLetter ? character.unicodeScalars.first.flatMap(ScriptName.unsupported) : nil
            defer { previousName = name }
            guard let name else { continue }
            // A lone Greek letter is a symbol; Greek counts from its second letter in a row.
            if name == "Greek", previousName != "Greek" { continue }
            if !names.contains(name) { names.append(name) }
        }
        return names
    }
}
