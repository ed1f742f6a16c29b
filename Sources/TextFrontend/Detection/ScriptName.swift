/// English names of the writing systems the front end has no language for, as error messages give them
/// ("tts_text contains text in a script no installed voice reads (Cyrillic)").
enum ScriptName {
    /// Scalar ranges of the scripts people most often send, with their names.
    private static let table: [(range: ClosedRange<UInt32>, name: String)] = [
        (0x0370...0x03FF, "Greek"), (0x1F00...0x1FFF, "Greek"),
        (0x0400...0x052F, "Cyrillic"), (0x1C80...0x1C8F, "Cyrillic"), (0x2DE0...0x2DFF, "Cyrillic"),
        (0xA640...0xA69F, "Cyrillic"),
        (0x0530...0x058F, "Armenian"),
        (0x0590...0x05FF, "Hebrew"), (0xFB1D...0xFB4F, "Hebrew"),
        (0x0600...0x06FF, "Arabic"), (0x0750...0x077F, "Arabic"), (0x0870...0x08FF, "Arabic"),
        (0xFB50...0xFDFF, "Arabic"), (0xFE70...0xFEFF, "Arabic"),
        (0x0700...0x074F, "Syriac"), (0x0780...0x07BF, "Thaana"),
        (0x0900...0x097F, "Devanagari"), (0xA8E0...0xA8FF, "Devanagari"),
        (0x0980...0x09FF, "Bengali"), (0x0A00...0x0A7F, "Gurmukhi"), (0x0A80...0x0AFF, "Gujarati"),
        (0x0B00...0x0B7F, "Oriya"), (0x0B80...0x0BFF, "Tamil"), (0x0C00...0x0C7F, "Telugu"),
        (0x0C80...0x0CFF, "Kannada"), (0x0D00...0x0D7F, "Malayalam"), (0x0D80...0x0DFF, "Sinhala"),
        (0x0E00...0x0E7F, "Thai"), (0x0E80...0x0EFF, "Lao"), (0x0F00...0x0FFF, "Tibetan"),
        (0x1000...0x109F, "Myanmar"), (0x10A0...0x10FF, "Georgian"), (0x1C90...0x1CBF, "Georgian"),
        (0x1200...0x139F, "Ethiopic"), (0x13A0...0x13FF, "Cherokee"), (0x1400...0x167F, "Canadian Syllabics"),
        (0x1780...0x17FF, "Khmer"), (0x1800...0x18AF, "Mongolian"), (0x3100...0x312F, "Bopomofo"),
        (0x31A0...0x31BF, "Bopomofo"), (0xA000...0xA4CF, "Yi"),
    ]

    /// The name of the script `scalar` belongs to when no language of the front end is written in it, or nil
    /// for the scripts we read (Han, kana, Hangul, Latin) and for characters of no script (digits,
    /// punctuation, symbols, emoji). A letter outside the table is named by its code point ("U+10400").
    static func unsupported(_ scalar: Unicode.Scalar) -> String? {
        guard Script(scalar) == .neutral, scalar.properties.isAlphabetic else { return nil }
        if let entry = table.first(where: { $0.range.contains(scalar.value) }) { return entry.name }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
