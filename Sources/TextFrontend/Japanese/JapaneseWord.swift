/// One word of Japanese text with the reading the front end gave it: what `cosyvoice frontend` shows and what
/// the Kokoro voices speak.
public struct JapaneseWord: Sendable, Equatable, Codable {
    /// Where a reading came from.
    public enum Source: String, Sendable, Codable {
        /// The morphological analyser's dictionary (its pronunciation field, e.g. は → ワ, 東京 → トーキョー).
        case dictionary
        /// The number reader (digits in the text, or a run of kanji numerals).
        case number
        /// The word is kana already and is read as written (words the dictionary does not know).
        case kana
        /// Letters or signs spelled out (A → エー, % → パーセント).
        case spelled
        /// Punctuation, read as a pause or intonation mark.
        case punctuation
        /// Nothing could read it (e.g. a kanji neither the dictionary nor its characters know): it is spoken as
        /// a short pause and reported, never silently dropped.
        case unread
    }

    /// The text as written (after width normalisation).
    public var surface: String
    /// The pronunciation in katakana; for punctuation the mark it stands for; empty when unread.
    public var reading: String
    public var source: Source
    /// Kokoro phoneme symbols of this word (empty for unread words).
    public var phonemes: String

    public init(surface: String, reading: String, source: Source, phonemes: String = "") {
        self.surface = surface
        self.reading = reading
        self.source = source
        self.phonemes = phonemes
    }
}

/// One token of a morphological analysis: the surface and, when the dictionary knows the word, its pronunciation
/// in katakana and its part of speech.
public struct JapaneseMorpheme: Sendable, Equatable {
    public var surface: String
    /// The pronunciation field (発音), e.g. ワ for the particle は; nil for unknown words.
    public var pronunciation: String?
    /// The first part-of-speech field (e.g. 名詞, 記号); nil for unknown words.
    public var partOfSpeech: String?
    /// The second part-of-speech field (e.g. 数 for numerals).
    public var subcategory: String?

    public init(surface: String, pronunciation: String?, partOfSpeech: String? = nil, subcategory: String? = nil) {
        self.surface = surface
        self.pronunciation = pronunciation
        self.partOfSpeech = partOfSpeech
        self.subcategory = subcategory
    }
}

/// A morphological analyser for Japanese (MeCab with a dictionary that has a pronunciation field).
public protocol JapaneseAnalysing: Sendable {
    /// The morphemes of `text` in order; their surfaces concatenate to `text` without its white space.
    func morphemes(of text: String) -> [JapaneseMorpheme]
}
