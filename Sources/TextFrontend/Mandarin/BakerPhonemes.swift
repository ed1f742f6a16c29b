/// The phoneme inventory of the Baker corpus (as TensorFlowTTS's `baker.py` defines it): each syllable is an
/// initial (`^` when it has none) and a final carrying the tone (`zh ong1`, `^ uen2`, `sh iii4`).
enum BakerPhonemes {
    static let initials: Set<String> = [
        "b", "c", "ch", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "q", "r", "s", "sh", "t", "x", "z", "zh",
    ]
    static let finals: Set<String> = [
        "a", "ai", "an", "ang", "ao", "e", "ei", "en", "eng", "er", "i", "ia", "ian", "iang", "iao", "ie", "ii",
        "iii", "in", "ing", "iong", "iou", "o", "ong", "ou", "u", "ua", "uai", "uan", "uang", "uei", "uen", "ueng",
        "uo", "v", "van", "ve", "vn",
    ]

    /// The initial and toned final of a syllable, or nil for a spelling outside the inventory (e.g. `m2`).
    static func phonemes(of syllable: PinyinSyllable) -> (initial: String, final: String)? {
        guard let (initial, final) = split(syllable.letters), finals.contains(final) else { return nil }
        return (initial, final + String(syllable.tone))
    }

    /// Pinyin spelling → Baker initial and final, undoing pinyin's spelling conventions: y/w for medials
    /// (yan → ^ ian, wei → ^ uei), u for ü after j/q/x (ju → j v), contracted finals (liu → iou, gui → uei,
    /// lun → uen) and the apical vowels (zi → ii, zhi → iii).
    private static func split(_ letters: String) -> (String, String)? {
        switch letters {
        case "n", "ng": return ("^", "en")  // 嗯
        case "yo": return ("^", "iou")
        default: break
        }
        if letters.hasPrefix("y") {
            let rest = String(letters.dropFirst())
            if rest.hasPrefix("u") { return ("^", "v" + rest.dropFirst()) }
            return ("^", rest.hasPrefix("i") ? rest : "i" + rest)
        }
        if letters.hasPrefix("w") {
            let rest = String(letters.dropFirst())
            return ("^", rest == "u" ? "u" : "u" + rest)
        }
        let initial = ["zh", "ch", "sh"].first { letters.hasPrefix($0) }
            ?? initials.first { $0.count == 1 && letters.hasPrefix($0) }
        guard let initial else { return ("^", letters) }
        var final = String(letters.dropFirst(initial.count))
        switch initial {
        case "j", "q", "x":
            if final.hasPrefix("u") { final = "v" + final.dropFirst() }
        case "z", "c", "s":
            if final == "i" { final = "ii" }
        case "zh", "ch", "sh", "r":
            if final == "i" { final = "iii" }
        case "l", "n":
            if final == "ue" { final = "ve" }
        default:
            break
        }
        switch final {
        case "iu": final = "iou"
        case "ui": final = "uei"
        case "un": final = "uen"
        default: break
        }
        return (initial, final)
    }
}
