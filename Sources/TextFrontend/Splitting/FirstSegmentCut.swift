/// The latency rule (frontend.md §1, ours): the first segment of a streamed request is cut short so that the
/// first audio leaves quickly.
///
/// The cut comes at the first clause boundary (comma, dash, …) after `minimum` units and no later than
/// `maximum`; failing that, at a phrase break (before a conjunction or preposition) in the same window;
/// failing that, at a word boundary after `fallback` units. English is never cut inside a word, never right
/// after a word that leans on the next one ("the", "our", "is", …) and leaves at least `minimumTail` words
/// behind. Chinese has no spaces, so the phrase breaks are the listed function words and, as a last resort,
/// the cut falls after `fallback` characters. Japanese phrases (bunsetsu) end where hiragana, the particles and
/// endings of a phrase, gives way to the kanji or katakana of the next word: the cut goes at the one nearest
/// the window (東京駅から | 新幹線で), and after `fallback` characters only in a sentence without one. A
/// sentence of at most `wholeSentence` units is not cut at all.
///
/// English cuts any sentence of six words or more: the first chunk is then three to five words (about
/// 0.6–1.2 s of speech), which the engine makes in a third of the time a whole sentence takes. Mandarin keeps
/// the longer window: without word boundaries a short cut would split words, and the Mandarin voice's first
/// chunk is already quick (docs/benchmarks.md).
public struct FirstSegmentCut: Sendable {
    /// Window and limits in units of the language: words for English, spoken characters otherwise.
    public struct Limits: Sendable, Equatable {
        public var minimum: Int
        public var maximum: Int
        public var fallback: Int
        public var wholeSentence: Int
        /// Units the rest of the sentence keeps at least.
        public var minimumTail: Int

        public init(minimum: Int, maximum: Int, fallback: Int, wholeSentence: Int, minimumTail: Int) {
            self.minimum = minimum
            self.maximum = maximum
            self.fallback = fallback
            self.wholeSentence = wholeSentence
            self.minimumTail = minimumTail
        }
    }

    /// English: a comma after 3–5 words, else a phrase break there, else after 4 words (or the nearest word
    /// that does not lean on the next); at least 2 words stay behind; 5 words or fewer are not cut.
    public static let wordLimits = Limits(minimum: 3, maximum: 5, fallback: 4, wholeSentence: 5, minimumTail: 2)
    /// Chinese, Japanese, Korean: a comma after 4–10 characters, else a phrase break there, else after 8;
    /// 12 characters or fewer are not cut.
    public static let syllableLimits = Limits(minimum: 4, maximum: 10, fallback: 8, wholeSentence: 12, minimumTail: 1)

    /// Punctuation that closes a clause without ending the sentence.
    static let clauseBoundaries: Set<Character> = [",", "，", "、", ";", "；", ":", "：", "—", "–", "…"]

    /// English words a phrase can start with; the cut goes before them.
    static let englishPhraseStarts: Set<String> = [
        "and", "but", "or", "nor", "so", "yet", "because", "since", "although", "though", "while", "whereas",
        "unless", "until", "if", "when", "where", "whether", "which", "who", "whom", "whose", "that", "after",
        "before", "as", "than", "then", "with", "without", "for", "to", "in", "on", "at", "of", "from", "by",
        "about", "into", "onto", "over", "under", "through", "during", "across", "against", "between", "among",
        "toward", "towards", "upon", "within",
    ]

    /// English words that lean on the word after them (articles, possessives, auxiliaries, prepositions,
    /// conjunctions): a head never ends with one.
    static let englishProclitics: Set<String> = englishPhraseStarts.union([
        "a", "an", "the", "my", "your", "our", "their", "his", "her", "its", "this", "these", "those", "some",
        "any", "no", "every", "each", "all", "both", "two", "three", "four", "five", "is", "are", "was", "were",
        "be", "been", "am", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "has",
        "have", "had", "do", "does", "did", "not", "very", "more", "most", "i", "you", "we", "they", "he",
        "she", "it", "there", "it's", "i'm", "you're", "we're", "they're", "i'll", "you'll", "we'll",
        "don't", "doesn't", "didn't", "won't", "can't", "isn't", "aren't",
        // Numbers read as words lean on what they count ("forty two dollars").
        "one", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
        "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty",
        "seventy", "eighty", "ninety", "hundred", "thousand", "million", "billion", "point",
    ])

    /// Chinese words a phrase can start with; the cut goes before them. Longest first.
    static let chinesePhraseStarts: [String] = [
        "但是", "因为", "所以", "然后", "而且", "或者", "如果", "虽然", "可是", "不过", "并且", "还是", "以及",
        "由于", "于是", "因此", "只要", "只有", "除了", "关于", "对于", "通过", "为了", "根据",
        "和", "跟", "与", "但", "在", "从", "对", "把", "被", "给", "向", "往", "让", "而",
    ]
    /// Chinese words a phrase can end with; the cut goes after them.
    static let chinesePhraseEnds: [String] = ["的时候", "以后", "之后", "以前", "之前", "的话", "了", "着", "过", "们", "的"]
    /// Two-character words whose second character is in `chinesePhraseStarts`: no cut inside them.
    static let chineseWordsEndingInPhraseStart: Set<String> = [
        "现在", "正在", "存在", "实在", "所在", "自在", "好在", "内在", "外在", "不在", "自从", "服从", "无从",
        "相对", "绝对", "面对", "反对", "针对", "不对", "应对", "核对", "火把", "一把", "棉被", "温和", "平和",
        "总和", "缓和", "共和", "暖和", "柔和", "随和", "调和", "附和", "参与", "给与", "供给", "交给", "转让",
        "退让", "然而", "从而", "进而", "因而", "反而", "方向", "一向", "走向", "面向", "趋向", "通往", "以往",
        "过往", "前往", "向往",
    ]
    /// Two-character words whose first character is in `chinesePhraseEnds`: no cut inside them.
    static let chineseWordsStartingWithPhraseEnd: Set<String> = [
        "了解", "了不起", "了结", "着急", "着想", "着手", "着重", "过去", "过程", "过来", "过年", "过于", "过度",
        "的确", "的士",
    ]
    /// Prepositions that end in a phrase-end character: a cut after them would strand them.
    static let chinesePrepositionsEndingInPhraseEnd: Set<String> = ["为了", "除了", "随着", "沿着", "朝着", "向着", "对着", "通过", "经过"]

    public init() {}

    /// Splits the first sentence of a stream into a short head and the rest, or returns nil when the sentence
    /// is short enough to go whole.
    public func cut(_ sentence: String, language: Language) -> (head: String, tail: String)? {
        let position = language.countsSyllables ? syllabicCut(sentence, japanese: language == .japanese) : wordCut(sentence)
        guard let position else { return nil }
        let head = String(sentence[..<position]).trimmingWhitespace()
        let tail = String(sentence[position...]).trimmingWhitespace()
        guard head.hasSpokenContent, tail.hasSpokenContent else { return nil }
        return (head, tail)
    }

    private func wordCut(_ sentence: String) -> String.Index? {
        let limits = Self.wordLimits
        let words = sentence.split(whereSeparator: \.isWhitespace).filter(\.hasSpokenContent)
        guard words.count > limits.wholeSentence else { return nil }
        // Head sizes (1-based word counts) that keep a long enough tail, earliest first.
        let sizes = Array(limits.minimum...min(limits.maximum, words.count - limits.minimumTail))
        guard !sizes.isEmpty else { return nil }
        func bare(_ word: Substring) -> String { word.lowercased().filter { $0.isLetter || $0 == "'" } }
        // Cut after the first word that ends a clause inside the window…
        if let size = sizes.first(where: { words[$0 - 1].last.map(Self.clauseBoundaries.contains) ?? false }) {
            return words[size - 1].endIndex
        }
        // …or before the first phrase-starting word, when the head does not end leaning on it…
        if let size = sizes.first(where: {
            Self.englishPhraseStarts.contains(bare(words[$0])) && !Self.englishProclitics.contains(bare(words[$0 - 1]))
        }) {
            return words[size - 1].endIndex
        }
        // …or at the word boundary nearest `fallback` whose last word stands on its own, two words if no
        // boundary in the window does, `fallback` if none at all.
        let byDistance = sizes.sorted { (abs($0 - limits.fallback), $0) < (abs($1 - limits.fallback), $1) }
        let size = (byDistance + [2]).first { !Self.englishProclitics.contains(bare(words[$0 - 1])) }
            ?? min(limits.fallback, sizes.last!)
        return words[size - 1].endIndex
    }

    private func syllabicCut(_ sentence: String, japanese: Bool) -> String.Index? {
        let limits = Self.syllableLimits
        let characters = Array(sentence)
        let spoken = characters.filter(\.isLetter).count
        guard spoken > limits.wholeSentence else { return nil }

        // spokenBefore[i]: letters in characters[..<i]; a cut at i leaves that many in the head.
        var spokenBefore = [0]
        for character in characters { spokenBefore.append(spokenBefore.last! + (character.isLetter ? 1 : 0)) }
        let window = limits.minimum...limits.maximum
        func text(_ range: Range<Int>) -> String {
            String(characters[max(0, range.lowerBound)..<min(characters.count, range.upperBound)])
        }

        for cut in 1..<characters.count where window.contains(spokenBefore[cut]) {
            if Self.clauseBoundaries.contains(characters[cut - 1]) { return index(sentence, cut) }
        }
        if japanese {
            // Chinese function words are not Japanese ones (在, 和 and 了 begin or end Japanese words): only
            // the script change marks a phrase end.
            // The phrase end nearest the window, the earlier of two as near: a head a little short or long
            // (2 to `maximum` + 4 characters) costs less than a cut inside a word.
            let phraseEnds = (1..<characters.count).filter {
                Self.isHiragana(characters[$0 - 1]) && Self.startsJapaneseWord(characters[$0])
                    && (2...(limits.maximum + 4)).contains(spokenBefore[$0])
            }
            func distance(_ cut: Int) -> Int { max(limits.minimum - spokenBefore[cut], spokenBefore[cut] - limits.maximum, 0) }
            if let cut = phraseEnds.min(by: { (distance($0), $0) < (distance($1), $1) }) { return index(sentence, cut) }
        }
        for cut in 1..<characters.count where !japanese && window.contains(spokenBefore[cut]) && characters[cut - 1].isLetter {
            let startsPhrase = Self.chinesePhraseStarts.contains { word in
                text(cut..<(cut + word.count)) == word
                    && !Self.chineseWordsEndingInPhraseStart.contains(text((cut - 1)..<(cut + 1)))
            }
            let endsPhrase = Self.chinesePhraseEnds.contains { word in
                text((cut - word.count)..<cut) == word
                    && !Self.chineseWordsStartingWithPhraseEnd.contains(text((cut - 1)..<(cut + 1)))
                    && !Self.chineseWordsStartingWithPhraseEnd.contains(text((cut - 1)..<(cut + 2)))
                    && !Self.chinesePrepositionsEndingInPhraseEnd.contains(text((cut - 2)..<cut))
            }
            if startsPhrase || endsPhrase { return index(sentence, cut) }
        }
        guard let cut = spokenBefore.firstIndex(of: limits.fallback) else { return nil }
        // Do not split a Latin word or a number that slipped into the run.
        var end = cut
        while end < characters.count, characters[end].isASCII, characters[end].isLetter || characters[end].isNumber,
              characters[end - 1].isASCII {
            end += 1
        }
        return index(sentence, end)
    }

    static func isHiragana(_ character: Character) -> Bool {
        character.unicodeScalars.first.map { (0x3041...0x309F).contains($0.value) } ?? false
    }

    /// Kanji or katakana (full or half width), as language detection classes them: how a Japanese content
    /// word starts.
    static func startsJapaneseWord(_ character: Character) -> Bool {
        switch Script(character) {
        case .han: true
        case .kana: !isHiragana(character)
        case .hangul, .latin, .neutral: false
        }
    }

    private func index(_ text: String, _ offset: Int) -> String.Index {
        text.index(text.startIndex, offsetBy: offset)
    }
}
