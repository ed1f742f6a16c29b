/// CosyVoice's sentence splitting and greedy merging (frontend.md §1).
///
/// Text is cut after sentence punctuation, then consecutive sentences are merged into segments of about
/// `minUnits`…`maxUnits` units: a segment closes when adding the next sentence would pass `maxUnits` and it
/// already holds more than `minUnits`; a final segment under `mergeUnits` joins the one before it. Units are
/// characters for Chinese, Japanese and Korean, words for English.
public struct TextSplitter: Sendable {
    /// A segment closes before a sentence that would take it past this many units…
    public static let maxUnits = 80
    /// …provided it already holds more than this many.
    public static let minUnits = 60
    /// A last segment shorter than this joins the previous one.
    public static let mergeUnits = 20

    /// Sentence punctuation for Chinese-style text (CosyVoice's zh set).
    public static let syllabicSentenceEnds: Set<Character> = ["。", "？", "！", "；", "：", "、", ".", "?", "!", ";"]
    /// Sentence punctuation for English (CosyVoice's en set).
    public static let wordSentenceEnds: Set<Character> = [".", "?", "!", ";", ":"]
    /// Closing quotes that stay with the sentence they close.
    public static let closingQuotes: Set<Character> = ["\"", "”", "’", "'", "」", "』"]

    public init() {}

    /// Merged segments of `text`, in order, with punctuation-only segments dropped.
    public func segments(_ text: String, language: Language) -> [String] {
        merge(sentences(text, language: language), language: language)
    }

    /// `text` cut after each run of sentence punctuation (and any closing quote after it). Unlike CosyVoice,
    /// punctuation runs such as `？！` stay whole, an English stop inside a word (`example.com`) does not cut,
    /// and no full stop is appended to unpunctuated text: the end of a run is not always the end of a sentence.
    public func sentences(_ text: String, language: Language) -> [String] {
        let ends = language.countsSyllables ? Self.syllabicSentenceEnds : Self.wordSentenceEnds
        let characters = Array(text)
        var sentences: [String] = []
        var current = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            current.append(character)
            index += 1
            guard ends.contains(character) else { continue }
            if character == ".", !language.countsSyllables, index < characters.count,
               characters[index].isLetter || characters[index].isNumber {
                continue
            }
            while index < characters.count, ends.contains(characters[index]) || Self.closingQuotes.contains(characters[index]) {
                current.append(characters[index])
                index += 1
            }
            sentences.append(current)
            current = ""
        }
        sentences.append(current)
        return sentences
            .map { $0.trimmingWhitespace() }
            .filter { !$0.isEmpty }
    }

    /// Greedy merge of `sentences` (CosyVoice's rule, thresholds above), punctuation-only results dropped.
    public func merge(_ sentences: [String], language: Language) -> [String] {
        let separator = language.countsSyllables ? "" : " "
        func joined(_ head: String, _ tail: String) -> String {
            head.isEmpty ? tail : head + separator + tail
        }
        var segments: [String] = []
        var current = ""
        // Units add up across the join (the separator is a space or nothing), so they are counted once per
        // sentence and the segment grows in place: recounting or copying the growing segment would be
        // quadratic in a run of unit-less sentences.
        var currentUnits = 0
        for sentence in sentences {
            let sentenceUnits = units(in: sentence, language: language)
            if currentUnits + sentenceUnits > Self.maxUnits, currentUnits > Self.minUnits {
                segments.append(current)
                current = ""
                currentUnits = 0
            }
            if !current.isEmpty { current += separator }
            current += sentence
            currentUnits += sentenceUnits
        }
        if !current.isEmpty {
            if currentUnits < Self.mergeUnits, let last = segments.popLast() {
                segments.append(joined(last, current))
            } else {
                segments.append(current)
            }
        }
        return segments.filter(\.hasSpokenContent)
    }

    /// Length in CosyVoice's units: characters (punctuation included, as CosyVoice counts) for Chinese,
    /// Japanese and Korean; whitespace-separated words holding a letter or digit for English.
    public func units(in text: String, language: Language) -> Int {
        if language.countsSyllables { return text.filter { !$0.isWhitespace }.count }
        return text.split(whereSeparator: \.isWhitespace).filter { $0.contains { $0.isLetter || $0.isNumber } }.count
    }
}

extension StringProtocol {
    /// True when any character is a letter or digit: text that is more than punctuation and symbols.
    var hasSpokenContent: Bool { contains { $0.isLetter || $0.isNumber } }

    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
