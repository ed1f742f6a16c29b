import Foundation

/// Japanese text prepared for the analyser: the width and compatibility variants removed, numbers found.
enum JapaneseText {
    /// One stretch of text: words for the analyser, or a number for the number reader.
    enum Run: Equatable {
        case text(String)
        /// Digits with an optional fraction ("3.14"); thousands separators already removed.
        case number(whole: Substring, fraction: Substring?)
    }

    /// NFKC (full-width Latin and digits to ASCII, half-width katakana to full width), the small katakana of the
    /// phonetic extensions (ㇰ…ㇿ) to their ordinary katakana, and a wave dash before a digit read as から (5〜10).
    static func normalized(_ text: String) -> String {
        var text = String(text.unicodeScalars.map { scalar -> Character in
            if let index = phoneticExtensions.firstIndex(of: scalar) { return Character(ordinaryKatakana[index]) }
            return Character(scalar)
        })
        text = text.precomposedStringWithCompatibilityMapping
        // A wave dash between numbers is a range: 5〜10 reads ご から じゅう.
        var out = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            if (character == "〜" || character == "~"), index + 1 < characters.count, characters[index + 1].isASCIIDigit {
                out += "から"
            } else {
                out.append(character)
            }
        }
        return out
    }

    private static let phoneticExtensions = Array("ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ".unicodeScalars)
    private static let ordinaryKatakana = Array("クシストヌハヒフヘホムラリルレロ".unicodeScalars)

    /// `text` (normalised) cut into text and numbers. "1,234" is one number when every group after the first
    /// has three digits; "3.14" is a decimal; otherwise commas and points stay punctuation.
    static func runs(_ text: String) -> [Run] {
        let characters = Array(text)
        var runs: [Run] = []
        var pending = ""
        var index = 0
        while index < characters.count {
            guard characters[index].isASCIIDigit else {
                pending.append(characters[index])
                index += 1
                continue
            }
            if !pending.isEmpty { runs.append(.text(pending)); pending = "" }
            var whole = ""
            while index < characters.count {
                if characters[index].isASCIIDigit {
                    whole.append(characters[index])
                    index += 1
                } else if characters[index] == ",", isThreeDigitGroup(characters, at: index + 1) {
                    index += 1
                } else {
                    break
                }
            }
            var fraction: Substring?
            if index + 1 < characters.count, characters[index] == ".", characters[index + 1].isASCIIDigit {
                var digits = ""
                index += 1
                while index < characters.count, characters[index].isASCIIDigit {
                    digits.append(characters[index])
                    index += 1
                }
                fraction = Substring(digits)
            }
            runs.append(.number(whole: Substring(whole), fraction: fraction))
        }
        if !pending.isEmpty { runs.append(.text(pending)) }
        return runs
    }

    /// Three digits at `start` not followed by a fourth.
    private static func isThreeDigitGroup(_ characters: [Character], at start: Int) -> Bool {
        guard start + 3 <= characters.count else { return false }
        guard characters[start..<start + 3].allSatisfy(\.isASCIIDigit) else { return false }
        return start + 3 == characters.count || !characters[start + 3].isASCIIDigit
    }
}
