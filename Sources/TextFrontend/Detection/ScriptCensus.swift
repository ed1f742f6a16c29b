/// Collects the scripts of letters no voice reads, in order of first appearance and without repeats.
///
/// Only letters count: digits, punctuation, symbols and emoji have no script. A Greek letter standing alone
/// is a symbol (π, μ, Ω); Greek counts from its second letter in a row.
struct ScriptCensus {
    private(set) var names: [String] = []
    private var previousName: String?

    mutating func count(_ text: String) {
        for character in text {
            let name = character.isLetter ? character.unicodeScalars.first.flatMap(ScriptName.unsupported) : nil
            defer { previousName = name }
            guard let name else { continue }
            if name == "Greek", previousName != "Greek" { continue }
            if !names.contains(name) { names.append(name) }
        }
    }
}
