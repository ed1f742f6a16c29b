import Foundation

/// Readings of Chinese characters and words, for turning hanzi into pinyin.
///
/// Built by setup from the data of the pypinyin wheel (scripts/mandarin/pinyin_dict.py): each character's most
/// common reading, and the readings of words whose pronunciation is not simply that of their characters
/// (银行 yin2 hang2, 长大 zhang3 da4, 觉得 jue2 de5). Word readings win over character readings, which is how
/// polyphones are resolved.
public struct PinyinLexicon: Sendable {
    /// Readings by character or word, as written in the lookup file (`yin2 hang2`).
    private let readings: [String: String]
    /// Length in characters of the longest word.
    private let longestWord: Int

    /// Loads a lookup file: lines of `<hanzi><TAB><syllable> <syllable>…`; `#` starts a comment line.
    public init(contentsOf url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        var readings: [String: String] = [:]
        readings.reserveCapacity(100_000)
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where line.first != "#" {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            readings[String(line[..<tab])] = String(line[line.index(after: tab)...])
        }
        self.init(readings: readings)
    }

    /// A lexicon from readings given directly (`["银行": "yin2 hang2"]`).
    public init(readings: [String: String]) {
        self.readings = readings
        self.longestWord = readings.keys.map(\.count).max() ?? 1
    }

    /// Number of characters and words.
    public var count: Int { readings.count }

    /// The reading of one character or word, if the lexicon has it.
    public func reading(of text: String) -> [PinyinSyllable]? {
        guard let reading = readings[text] else { return nil }
        let syllables = reading.split(separator: " ").compactMap(PinyinSyllable.init)
        return syllables.count == text.count ? syllables : nil
    }

    /// Splits a run of hanzi into known words and characters, longest match from the left (as pypinyin does),
    /// and reads each. Characters the lexicon lacks come back with an empty reading.
    public func words(in run: String) -> [(text: String, syllables: [PinyinSyllable])] {
        let characters = Array(run)
        var result: [(text: String, syllables: [PinyinSyllable])] = []
        var start = 0
        while start < characters.count {
            var matched: (text: String, syllables: [PinyinSyllable])?
            var length = min(longestWord, characters.count - start)
            while length >= 2, matched == nil {
                let candidate = String(characters[start..<start + length])
                if let syllables = reading(of: candidate) { matched = (candidate, syllables) }
                length -= 1
            }
            let word = matched ?? (String(characters[start]), reading(of: String(characters[start])) ?? [])
            result.append(word)
            start += max(1, word.text.count)
        }
        return result
    }
}
