import RegexBuilder

/// The English path: abbreviations and numbers into words. Number rules start with `NumberStart` so that
/// each is tried once per digit run (linear time) and never reads the tail of a longer number.
extension TextNormalizer {
    /// Titles: always followed by a name, so their full stop never ends a sentence.
    private static let titles: [String: String] = [
        "dr": "Doctor", "mr": "Mister", "mrs": "Missus", "ms": "Miz", "prof": "Professor", "gen": "General",
        "capt": "Captain", "lt": "Lieutenant", "sgt": "Sergeant", "rev": "Reverend", "hon": "Honorable",
        "mt": "Mount", "vs": "versus", "fig": "figure", "approx": "approximately",
    ]

    /// Abbreviations that may end a sentence: their full stop is kept when a sentence follows.
    private static let abbreviations: [String: String] = [
        "etc": "et cetera", "jr": "Junior", "sr": "Senior", "inc": "Incorporated", "ltd": "Limited",
        "ave": "Avenue", "dept": "Department", "jan": "January", "feb": "February", "apr": "April",
        "aug": "August", "sep": "September", "sept": "September", "oct": "October", "nov": "November",
        "dec": "December",
    ]

    private static let currencies: [Character: (one: String, many: String, cent: String, cents: String)] = [
        "$": ("dollar", "dollars", "cent", "cents"),
        "£": ("pound", "pounds", "penny", "pence"),
        "€": ("euro", "euros", "cent", "cents"),
        "¥": ("yen", "yen", "sen", "sen"),
    ]

    private static let units: [String: (one: String, many: String)] = [
        "km": ("kilometer", "kilometers"), "kg": ("kilogram", "kilograms"), "cm": ("centimeter", "centimeters"),
        "mm": ("millimeter", "millimeters"), "ml": ("milliliter", "milliliters"), "mph": ("mile per hour", "miles per hour"),
        "km/h": ("kilometer per hour", "kilometers per hour"), "lbs": ("pound", "pounds"), "lb": ("pound", "pounds"),
        "ft": ("foot", "feet"), "°C": ("degree Celsius", "degrees Celsius"), "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
    ]

    func english(_ text: String) -> String {
        var text = Self.collapsingWhitespace(text)
        text = Self.englishAbbreviations(text)
        text = Self.englishNumbers(text)
        return Self.collapsingWhitespace(text)
    }

    static func englishAbbreviations(_ text: String) -> String {
        var text = text
        text = text.replacing(/(?i)\be\.g\.,?/) { _ in "for example," }
        text = text.replacing(/(?i)\bi\.e\.,?/) { _ in "that is," }
        text = text.replacing(/\b([Nn]o|[Nn]os)\.\s*([0-9])/) { match in
            (match.1.lowercased() == "no" ? "number " : "numbers ") + match.2
        }
        // St. Paul → Saint Paul, Baker St. → Baker Street
        text = text.replacing(/\b([Ss]t)\.(\s+(?=[A-Z]))?(\s*$)?/) { match in
            match.2.map { "Saint" + $0 } ?? (match.3 == nil ? "Street" : "Street.")
        }
        // Group 2 is set when a capital letter or the end of the text follows, i.e. when a stop could end a
        // sentence there; it holds the spaces before that letter.
        text = text.replacing(/\b([A-Za-z]+)\.(\s*(?=[A-Z])|\s*$)?/) { match in
            let key = match.1.lowercased()
            if let title = titles[key] { return title + " " }
            if let word = abbreviations[key] { return word + (match.2.map { "." + $0 } ?? "") }
            return String(match.0)
        }
        text = text.replacing(/\bvs\b/) { _ in "versus" }
        // U.S. → U S, p.m. → P M: letters spelt out; the final stop is kept when a sentence follows.
        text = text.replacing(/\b((?:[A-Za-z]\.){2,})(\s*(?=[A-Z])|\s*$)?/) { match in
            match.1.filter { $0 != "." }.uppercased().map(String.init).joined(separator: " ")
                + (match.2.map { "." + $0 } ?? "")
        }
        return text.replacing(" & ", with: " and ")
    }

    static func englishNumbers(_ text: String) -> String {
        var text = text
        // $3.50 → three dollars fifty cents; $2.5 million → two point five million dollars
        text = text.replacing(/([$£€¥])\s?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))?(?:\s?(thousand|million|billion|trillion)\b)?/) { match in
            guard let sign = match.1.first, let names = currencies[sign] else { return String(match.0) }
            let integer = match.2.filter { $0 != "," }
            if let scale = match.4 {
                let amount = EnglishNumbers.decimal(integer + (match.3.map { "." + $0 } ?? ""))
                return "\(amount) \(scale) \(names.many)"
            }
            // Judged on the digits, not on Int(integer), which is nil past Int.max.
            let isZero = integer.allSatisfy { $0 == "0" }
            let isOne = integer.drop { $0 == "0" } == "1"
            var parts: [String] = []
            if !isZero || match.3 == nil {
                parts.append(EnglishNumbers.cardinal(integer) + " " + (isOne ? names.one : names.many))
            }
            if let fraction = match.3 {
                guard fraction.count <= 2 else {
                    return EnglishNumbers.decimal(integer + "." + fraction) + " " + names.many
                }
                let cents = Int(fraction.count == 1 ? fraction + "0" : fraction) ?? 0
                if cents > 0 || parts.isEmpty {
                    parts.append(EnglishNumbers.cardinal(cents) + " " + (cents == 1 ? names.cent : names.cents))
                }
            }
            return parts.joined(separator: " ")
        }
        // 1,234 → one thousand two hundred thirty-four: never a year.
        text = text.replacing(Regex { NumberStart(); /([0-9]{1,3}(?:,[0-9]{3})+)(\.[0-9]+)?(?![0-9])/ }) { match in
            EnglishNumbers.decimal(match.1.filter { $0 != "," } + (match.2 ?? ""))
        }
        // 3.5% → three point five percent
        text = text.replacing(Regex { NumberStart(); /([0-9]+(?:\.[0-9]+)?)\s?%/ }) { match in EnglishNumbers.decimal(match.1) + " percent" }
        // 3:30 → three thirty, 3:05 pm → three oh five P M, 3:00 → three o'clock
        text = text.replacing(Regex { NumberStart(); /([0-9]{1,2}):([0-9]{2})(?:\s?([AaPp])[Mm]\b)?(?![0-9])/ }) { match in
            guard let hour = Int(match.1), let minute = Int(match.2), hour <= 24, minute < 60 else {
                return String(match.0)
            }
            var words = EnglishNumbers.cardinal(hour)
            if minute == 0 {
                words += match.3 == nil ? " o'clock" : ""
            } else {
                words += (minute < 10 ? " oh " : " ") + EnglishNumbers.cardinal(minute)
            }
            if let meridiem = match.3 { words += " \(meridiem.uppercased()) M" }
            return words
        }
        // 1990s → nineteen nineties, '80s → eighties
        text = text.replacing(Regex { NumberStart(); /'?([0-9]{2}|[0-9]{4})s\b/ }) { match in
            guard let value = Int(match.1), value % 10 == 0, value >= (match.1.count == 4 ? 1000 : 10) else {
                return String(match.0)
            }
            return EnglishNumbers.decade(value)
        }
        // 21st → twenty-first
        text = text.replacing(Regex { NumberStart(); /([0-9]+)(?i:st|nd|rd|th)\b/ }) { match in
            EnglishNumbers.ordinal(match.1)
        }
        // 5 km → five kilometers, 1 lb → one pound
        text = text.replacing(Regex { NumberStart(); /([0-9]+(?:\.[0-9]+)?)\s?(km\/h|mph|km|kg|cm|mm|ml|lbs|lb|ft|°C|°F)(?![A-Za-z])/ }) { match in
            guard let names = units[String(match.2)] else { return String(match.0) }
            return EnglishNumbers.decimal(match.1) + " " + (match.1 == "1" ? names.one : names.many)
        }
        // 1/2 → one half, 2/3 → two thirds; other slashes (dates, ratios) are left to the reader.
        text = text.replacing(Regex { NumberStart(); /([0-9]+)\/([0-9]+)(?![0-9\/])/ }) { match in
            guard let numerator = Int(match.1), let denominator = Int(match.2), numerator > 0,
                  numerator < denominator, denominator <= 10 else { return String(match.0) }
            let name = denominator == 2 ? "half" : denominator == 4 ? "quarter" : EnglishNumbers.ordinal(denominator)
            let plural = denominator == 2 ? "halves" : EnglishNumbers.plural(name)
            return EnglishNumbers.cardinal(numerator) + " " + (numerator == 1 ? name : plural)
        }
        // -5 → minus five, where the sign is not a hyphen inside a word.
        text = text.replacing(/(^|[\s(])-([0-9])/) { match in match.1 + "minus " + match.2 }
        // Four-digit numbers from 1100 to 2099 are read as years: 1990 → nineteen ninety.
        text = text.replacing(/([0-9]+)(\.[0-9]+)?/) { match in
            if let fraction = match.2 { return EnglishNumbers.decimal(match.1 + fraction) }
            if match.1.count == 4, let value = Int(match.1), (1100...2099).contains(value) {
                return EnglishNumbers.year(value)
            }
            return EnglishNumbers.cardinal(match.1)
        }
        return text.replacing("%", with: " percent")
    }
}
