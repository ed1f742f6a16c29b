import Foundation

/// Japanese text → words with their readings → the phoneme string Kokoro-82M speaks.
///
/// The analyser (MeCab) gives each word's pronunciation in katakana (the particle は as ワ, long vowels as ー);
/// numbers go to ``JapaneseNumbers``; words the dictionary does not know keep their kana, or are spelled
/// (letters, signs) or read character by character; anything still unreadable is reported as
/// ``JapaneseWord/Source/unread``, never dropped without a trace. Words are then joined as misaki joins them:
/// adjacent analyser tokens that form an entry of the word list become one word (乗り + ます → 乗ります), and
/// words are separated by spaces.
public struct JapaneseFrontEnd: Sendable {
    /// The analysis plus the phonemes, e.g. for 「私は学校へ行きます。」 `ɰataɕi βa ɡaʔkoː e ikʲimasɨ.`.
    public struct Reading: Sendable, Equatable, Codable {
        public var words: [JapaneseWord]
        /// The whole text as Kokoro phoneme symbols.
        public var phonemes: String
    }

    private let analyser: any JapaneseAnalysing
    private let wordList: JapaneseWordList

    public init(analyser: any JapaneseAnalysing, wordList: JapaneseWordList = JapaneseWordList(words: [])) {
        self.analyser = analyser
        self.wordList = wordList
    }

    /// The readings and phonemes of `text`. Linear in the text's length.
    public func reading(of text: String) -> Reading {
        let words = joined(self.words(of: text))
        return Reading(words: words, phonemes: JapanesePhonemeJoiner.phonemes(of: words))
    }

    /// `text` as the katakana it is pronounced with, words separated by spaces and punctuation kept: what a
    /// synthesiser that reads only kana (espeak-ng's `ja`) needs. E.g. 東京駅へ。 → トーキョー エキ エ。
    public func spokenKana(of text: String) -> String {
        var out = ""
        for word in words(of: text) {
            switch word.source {
            case .punctuation:
                out += word.reading == "," ? "、" : word.reading == "." ? "。" : word.reading.isEmpty ? " " : word.reading
            case .unread:
                out += " "
            case .number:
                out += String(word.reading.unicodeScalars.map { Character(KanaPhonemes.katakana($0)) }) + " "
            default:
                out += word.reading + " "
            }
        }
        return out
    }

    /// The words of `text` with their readings, before joining.
    func words(of text: String) -> [JapaneseWord] {
        var words: [JapaneseWord] = []
        var runs = JapaneseText.runs(JapaneseText.normalized(text))
        for index in runs.indices {
            switch runs[index] {
            case .number(let whole, nil):
                // A counter right after the digits is read with them (3本 さんぼん), before the analyser sees the rest.
                if index + 1 < runs.count, case .text(let next) = runs[index + 1],
                   let counter = JapaneseNumbers.counter(atStartOf: Substring(next)) {
                    words.append(word(whole + counter, reading: JapaneseNumbers.reading(ofDigits: whole, counter: counter), source: .number))
                    runs[index + 1] = .text(String(next.dropFirst(counter.count)))
                } else {
                    words.append(word(String(whole), reading: JapaneseNumbers.reading(ofDigits: whole), source: .number))
                }
            case .number(let whole, let fraction?):
                words.append(word("\(whole).\(fraction)", reading: JapaneseNumbers.reading(whole: whole, fraction: fraction), source: .number))
            case .text(let text):
                words += self.words(ofText: text)
            }
        }
        return words
    }

    private func words(ofText text: String) -> [JapaneseWord] {
        let morphemes = analyser.morphemes(of: text)
        var words: [JapaneseWord] = []
        var index = 0
        while index < morphemes.count {
            // Kanji numerals: two or more in a row, one with a unit (三百, 二十), or any followed by a counter
            // (三本, 一日) are read as a number, with the counter's sound changes.
            var end = index
            while end < morphemes.count, morphemes[end].surface.allSatisfy(KanjiNumerals.isNumeral) { end += 1 }
            let numeral = morphemes[index..<end].map(\.surface).joined()
            if end > index, let digits = KanjiNumerals.digitString(numeral) {
                if end < morphemes.count, morphemes[end].subcategory == "接尾",
                   JapaneseNumbers.counters[morphemes[end].surface] != nil {
                    let counter = morphemes[end].surface
                    words.append(word(numeral + counter, reading: JapaneseNumbers.reading(ofDigits: Substring(digits), counter: counter),
                                      source: .number))
                    index = end + 1
                    continue
                }
                if end - index > 1 || numeral.count > 1 {
                    words.append(word(numeral, reading: JapaneseNumbers.reading(ofDigits: Substring(digits)), source: .number))
                    index = end
                    continue
                }
            }
            words += self.words(of: morphemes[index])
            index += 1
        }
        return words
    }

    /// One morpheme's word (or words, when an unknown word is read character by character).
    private func words(of morpheme: JapaneseMorpheme) -> [JapaneseWord] {
        let surface = morpheme.surface
        if surface.count == 1, let mark = JapaneseSpelling.punctuation[surface.first!] {
            return [JapaneseWord(surface: surface, reading: mark, source: .punctuation, phonemes: mark)]
        }
        if let pronunciation = morpheme.pronunciation, Self.isKana(pronunciation) {
            return [word(surface, reading: pronunciation, source: .dictionary)]
        }
        if Self.isKana(surface) { return [word(surface, reading: surface, source: .kana)] }
        if let spelled = JapaneseSpelling.spelled(surface) { return [word(surface, reading: spelled, source: .spelled)] }
        if surface.count > 1 {
            // An unknown compound: its characters one by one, each through the analyser (a kanji alone usually
            // has a reading), punctuation and signs through the tables.
            return surface.flatMap { character -> [JapaneseWord] in
                let single = String(character)
                let analysed = analyser.morphemes(of: single)
                guard analysed.count == 1, analysed[0].surface == single else {
                    return [JapaneseWord(surface: single, reading: "", source: .unread)]
                }
                return words(of: analysed[0])
            }
        }
        return [JapaneseWord(surface: surface, reading: "", source: .unread)]
    }

    /// Adjacent words that make one entry of the word list, merged (misaki's grouping, which decides where
    /// Kokoro hears word boundaries). The longest entry starting at each word wins.
    private func joined(_ words: [JapaneseWord]) -> [JapaneseWord] {
        var out: [JapaneseWord] = []
        var index = 0
        while index < words.count {
            var end = index + 1
            if words[index].source != .punctuation && words[index].source != .unread {
                var surface = ""
                var candidate = index
                while candidate < words.count, words[candidate].source != .punctuation, words[candidate].source != .unread {
                    surface += words[candidate].surface
                    guard surface.count <= wordList.longestEntry else { break }
                    candidate += 1
                    if candidate - index > 1, wordList.contains(surface) { end = candidate }
                }
            }
            if end - index == 1 {
                out.append(words[index])
            } else {
                let group = words[index..<end]
                let reading = group.map(\.reading).joined()
                out.append(JapaneseWord(surface: group.map(\.surface).joined(), reading: reading,
                                        source: group.first!.source, phonemes: KanaPhonemes.phonemes(of: reading)))
            }
            index = end
        }
        return out
    }

    private func word(_ surface: String, reading: String, source: JapaneseWord.Source) -> JapaneseWord {
        JapaneseWord(surface: surface, reading: reading, source: source, phonemes: KanaPhonemes.phonemes(of: reading))
    }

    static func isKana(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy(KanaPhonemes.isKana)
    }
}

/// misaki's Japanese word list: which runs of analyser tokens Kokoro was trained to hear as one word.
public struct JapaneseWordList: Sendable {
    private let words: Set<String>
    /// Characters in the longest entry: no longer run needs looking up.
    let longestEntry: Int

    public init(words: Set<String>) {
        self.words = words
        self.longestEntry = words.map(\.count).max() ?? 0
    }

    /// One entry per line, as the voice's `ja_words.txt` holds them.
    public init(lines: String) {
        self.init(words: Set(lines.split(whereSeparator: \.isNewline).map { String($0).trimmingCharacters(in: .whitespaces) }))
    }

    public var count: Int { words.count }

    func contains(_ word: String) -> Bool { words.contains(word) }
}
