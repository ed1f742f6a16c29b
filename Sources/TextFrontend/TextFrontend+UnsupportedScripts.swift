/// Text no voice can read: the front end names it so that the service refuses it instead of returning
/// silence.
extension TextFrontend {
    /// The scripts in `text` that none of the front end's languages is written in, by English name, in order
    /// of first appearance and without repeats: `"Привет"` → `["Cyrillic"]`, `"שלום and مرحبا"` →
    /// `["Hebrew", "Arabic"]`; empty when every letter is Han, kana, Hangul or Latin.
    ///
    /// The text is looked at after compatibility folding, so full-width Latin is Latin. Control tags are
    /// Latin and never count. A request's text gets the same answer from ``read(_:)``.
    public func unsupportedScripts(in text: String) -> [String] {
        var census = ScriptCensus()
        census.count(CompatibilityForms.folding(text))
        return census.names
    }
}
