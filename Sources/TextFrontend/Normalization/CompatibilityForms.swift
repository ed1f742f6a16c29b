import Foundation

/// Folds compatibility forms into the characters the rest of the front end reads (frontend.md §1):
/// full-width Latin letters and digits to ASCII (`Ｈｅｌｌｏ１２` → `Hello12`), circled, parenthesised and
/// full-stop numbers to their number (`①` `⑴` `⒈` → `1`, `⑩` → `10`), digits of other scripts to ASCII,
/// compatibility ideographs and Kangxi radicals to the unified ideographs the pinyin lexicon lists,
/// half-width katakana to full width, ligatures and vulgar fractions to plain text (`½` → `1/2`).
///
/// This is NFKC, with two exceptions. CJK punctuation that the splitter, the Chinese rules and the Mandarin
/// front end tell apart from its ASCII look-alike keeps its full-width form (`：` ends a Chinese sentence
/// and `:` does not; `（）` are dropped and `()` are not), as do `²` `³` (read 平方, 立方), `…` and the
/// spacing kana voicing marks. Enclosed numbers become their number rather than NFKC's `(1)` or `1.`,
/// spaced from a neighbouring digit so that `①②③` reads as three numbers, not one hundred twenty-three.
enum CompatibilityForms {
    /// Characters NFKC would change that keep their form.
    static let preserved: Set<Character> = [
        "，", "！", "？", "：", "；", "（", "）", "＜", "＞", "［", "］", "｛", "｝", "｜", "～", "﹤", "﹥",
        "²", "³", "…", "゛", "゜",
    ]

    /// Most Unicode scalars one character keeps; the rest of a longer stack of combining marks is dropped.
    /// No writing system stacks more on one letter (emoji sequences run to about ten), and NFKC's reordering
    /// of one long stack is quadratic.
    static let maxScalarsPerCharacter = 16

    /// `text` with its compatibility forms folded, as described above. Linear in the length of `text`.
    static func folding(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        var folded = ""
        folded.reserveCapacity(text.utf8.count)
        var pending = ""
        var endsWithEnclosedNumber = false

        func append(_ piece: String, isEnclosedNumber: Bool) {
            let joinsDigits = folded.last?.isASCIIDigit == true && piece.first?.isASCIIDigit == true
            if joinsDigits, isEnclosedNumber || endsWithEnclosedNumber { folded.append(" ") }
            folded += piece
            endsWithEnclosedNumber = isEnclosedNumber
        }
        func flush() {
            guard !pending.isEmpty else { return }
            let normalized = pending.precomposedStringWithCompatibilityMapping.replacing("\u{2044}", with: "/")
            pending = ""
            append(normalized, isEnclosedNumber: false)
        }

        for character in text {
            let character = capped(character)
            if preserved.contains(character) {
                flush()
                append(String(character), isEnclosedNumber: false)
            } else if let number = enclosedNumber(character) {
                flush()
                append(number, isEnclosedNumber: true)
            } else if let digit = nonASCIIDigit(character) {
                pending.append(digit)
            } else if pending.isEmpty, isStable(character) {
                append(String(character), isEnclosedNumber: false)
            } else {
                pending.append(character)
            }
        }
        flush()
        return folded
    }

    private static func capped(_ character: Character) -> Character {
        let scalars = character.unicodeScalars
        guard scalars.count > maxScalarsPerCharacter else { return character }
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: scalars.prefix(maxScalarsPerCharacter))
        return Character(String(kept))
    }

    /// True for a character NFKC leaves as it is (ASCII, hanzi, kana, most letters), which skips Foundation.
    /// A scalar unchanged by NFKC case folding is unchanged by NFKC; the test errs only towards normalising.
    private static func isStable(_ character: Character) -> Bool {
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first else { return false }
        return scalar.isASCII || !scalar.properties.changesWhenNFKCCaseFolded
    }

    /// The digits of a circled, parenthesised, full-stop or ornamental number (`①` `⑴` `⒈` `❶` `㉑`), or nil.
    /// Superscripts and subscripts are not enclosed numbers: NFKC folds them (`²` `³` are kept, see above).
    private static func enclosedNumber(_ character: Character) -> String? {
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first else { return nil }
        let properties = scalar.properties
        guard properties.generalCategory == .otherNumber, !isSuperscriptOrSubscript(scalar),
              let value = properties.numericValue, value >= 0, value < 1_000_000, value == value.rounded()
        else { return nil }
        return String(Int(value))
    }

    private static func isSuperscriptOrSubscript(_ scalar: Unicode.Scalar) -> Bool {
        [0xB2, 0xB3, 0xB9].contains(scalar.value) || (0x2070...0x209F).contains(scalar.value)
    }

    /// A decimal digit of another script (`٣`, `३`, `𝟑`) as an ASCII digit, or nil.
    private static func nonASCIIDigit(_ character: Character) -> Character? {
        guard !character.isASCII, character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first,
              scalar.properties.generalCategory == .decimalNumber,
              let value = scalar.properties.numericValue, (0...9).contains(value)
        else { return nil }
        return Character(String(Int(value)))
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
