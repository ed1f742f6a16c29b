/// The writing system of one character, as far as language detection cares.
enum Script: Equatable {
    /// CJK ideographs (Han characters, kanji, hanja).
    case han
    /// Hiragana or katakana, including the prolonged-sound mark and half-width katakana.
    case kana
    /// Hangul syllable blocks and jamo.
    case hangul
    /// Latin letters, ASCII and accented.
    case latin
    /// Digits, punctuation, spaces, symbols and scripts we do not speak: they take the language of the run
    /// around them. `ScriptName.unsupported` names the scripts among them, so that text in one can be refused.
    case neutral

    init(_ character: Character) {
        guard let scalar = character.unicodeScalars.first else {
            self = .neutral
            return
        }
        self = Script(scalar)
    }

    init(_ scalar: Unicode.Scalar) {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x323AF, 0x3007, 0x3005:
            // Unified ideographs, extension A, compatibility ideographs, extensions B–H (planes 2 and 3),
            // 〇, the ideographic zero, and 々, the mark that repeats the kanji before it (人々, 少々).
            self = .han
        case 0x3041...0x309F, 0x30A1...0x30FA, 0x30FC...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9D:
            self = .kana
        case 0xAC00...0xD7AF, 0x1100...0x11FF, 0x3130...0x318F:
            self = .hangul
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x24F, 0x1E00...0x1EFF, 0x2C60...0x2C7F,
             0xA720...0xA7FF, 0xAB30...0xAB6F:
            // ASCII, Latin-1, Extended-A and -B, Extended Additional (Vietnamese), Extended-C, -D and -E.
            self = .latin
        default:
            self = .neutral
        }
    }

    /// Scripts written with one syllable per character, where rate and length count characters.
    var isSyllabic: Bool { self == .han || self == .kana || self == .hangul }
}

extension Character {
    /// True for any Han character (`Script.han`): the unified block, its extensions, compatibility
    /// ideographs and 〇. The Mandarin front end reads all of them.
    var isHan: Bool { unicodeScalars.first.map { Script($0) == .han } ?? false }

    /// True for a CJK ideograph in U+4E00–U+9FFF, the range CosyVoice uses to pick its Chinese path.
    var isCJKIdeograph: Bool {
        guard let value = unicodeScalars.first?.value else { return false }
        return (0x4E00...0x9FFF).contains(value)
    }
}
