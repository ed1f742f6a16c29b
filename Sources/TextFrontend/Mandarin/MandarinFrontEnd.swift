/// Turns Mandarin text into the phoneme symbols the Baker FastSpeech2 voice was trained on.
///
/// The pipeline follows TensorFlowTTS's `baker.py`, which produced the training input: normalise (numbers,
/// dates, money become words), read hanzi as toned pinyin (word readings first, then characters, neutral tone
/// as 5), apply tone sandhi, split each syllable into an initial and a toned final, and frame the utterance as
/// `sil … sil eos` with `#0` between syllables. Commas and other in-sentence punctuation become `#3`, the
/// corpus's mark for an intonation-phrase boundary, so a sentence keeps its non-final intonation up to its end.
/// Every Han character is read (extensions A–H and 〇 included; compatibility ideographs are folded to unified
/// ones by the normaliser). Characters without a reading (Latin letters, symbols, the rare hanzi the lexicon
/// lacks) are skipped: the text front end sends other scripts to other voices, and `unreadableHanzi(in:)`
/// names the hanzi that would be skipped, so that a caller can say why text gave no audio.
public struct MandarinFrontEnd: Sendable {
    /// One unit of synthesis: a sentence, or a part of a long one.
    public struct Utterance: Sendable, Equatable {
        /// Baker symbols, e.g. `["sil", "n", "i2", "#0", "h", "ao3", "sil", "eos"]`.
        public var symbols: [String]
        /// Toned pinyin of the utterance's syllables, for logs and tests.
        public var pinyin: [PinyinSyllable]
        /// True when the utterance ends a sentence (。！？；), false at a clause or a cut.
        public var endsSentence: Bool
    }

    /// Most syllables in one utterance: longer sentences are cut at their commas, which keeps each call to
    /// the acoustic model short and the first audio early.
    public static let maxSyllablesPerUtterance = 40

    static let sentenceEnds: Set<Character> = ["。", "！", "？", "；", "!", "?", ";", "…"]
    static let clauseBreaks: Set<Character> = ["，", "、", "：", ",", ":", "—", "～", "~"]

    public let lexicon: PinyinLexicon
    private let normalizer = TextNormalizer()

    public init(lexicon: PinyinLexicon) {
        self.lexicon = lexicon
    }

    /// Toned pinyin of `text` after normalisation and sandhi, e.g. `你好` → `[ni2, hao3]`.
    public func pinyin(for text: String) -> [PinyinSyllable] {
        utterances(for: text).flatMap(\.pinyin)
    }

    /// The utterances of `text`, in order; empty when nothing in it can be read.
    public func utterances(for text: String) -> [Utterance] {
        let normalized = normalizer.normalize(text, language: .mandarin)
        var utterances: [Utterance] = []
        for sentence in sentences(in: normalized) {
            var pending: [[PinyinSyllable]] = []
            for (index, phrase) in sentence.phrases.enumerated() {
                pending.append(phrase)
                let count = pending.reduce(0) { $0 + $1.count }
                let isLast = index == sentence.phrases.count - 1
                if isLast || count + sentence.phrases[index + 1].count > Self.maxSyllablesPerUtterance {
                    if count > 0 {
                        utterances.append(Utterance(symbols: Self.symbols(for: pending), pinyin: pending.flatMap { $0 },
                                                    endsSentence: isLast && sentence.endsSentence))
                    }
                    pending = []
                }
            }
        }
        return utterances
    }

    /// The Han characters of `text`, after normalisation, that the lexicon has no reading for, in order of first
    /// appearance and without repeats: `utterances(for:)` skips them. Empty for ordinary text.
    public func unreadableHanzi(in text: String) -> [Character] {
        var unreadable: [Character] = []
        var seen = Set<Character>()
        for character in normalizer.normalize(text, language: .mandarin) where character.isHan && seen.insert(character).inserted {
            if lexicon.reading(of: String(character)) == nil { unreadable.append(character) }
        }
        return unreadable
    }

    /// `sil`, the phrases' phonemes with `#0` between syllables and `#3` between phrases, `sil`, `eos`.
    static func symbols(for phrases: [[PinyinSyllable]]) -> [String] {
        var symbols = ["sil"]
        for phrase in phrases where !phrase.isEmpty {
            if symbols.count > 1 { symbols.append("#3") }
            for (index, syllable) in phrase.enumerated() {
                guard let phonemes = BakerPhonemes.phonemes(of: syllable) else { continue }
                if index > 0, symbols.last != "#3" { symbols.append("#0") }
                symbols += [phonemes.initial, phonemes.final]
            }
        }
        return symbols + ["sil", "eos"]
    }

    private struct Sentence {
        var phrases: [[PinyinSyllable]]
        var endsSentence: Bool
    }

    /// Cuts normalised text into sentences of phrases and reads each phrase.
    private func sentences(in text: String) -> [Sentence] {
        var sentences: [Sentence] = []
        var phrases: [[PinyinSyllable]] = []
        var run = ""
        func closePhrase() {
            let phrase = read(run)
            if !phrase.isEmpty { phrases.append(phrase) }
            run = ""
        }
        for character in text {
            if Self.sentenceEnds.contains(character) {
                closePhrase()
                if !phrases.isEmpty { sentences.append(Sentence(phrases: phrases, endsSentence: true)) }
                phrases = []
            } else if Self.clauseBreaks.contains(character) {
                closePhrase()
            } else {
                run.append(character)
            }
        }
        closePhrase()
        if !phrases.isEmpty { sentences.append(Sentence(phrases: phrases, endsSentence: false)) }
        return sentences
    }

    /// Reads one phrase: hanzi runs through the lexicon, sandhi over the whole phrase; everything else skipped.
    private func read(_ phrase: String) -> [PinyinSyllable] {
        var characters: [Character] = []
        var syllables: [PinyinSyllable] = []
        var run = ""
        func closeRun() {
            for word in lexicon.words(in: run) where word.syllables.count == word.text.count {
                characters += word.text
                syllables += word.syllables
            }
            run = ""
        }
        for character in phrase {
            if character.isHan { run.append(character) } else { closeRun() }
        }
        closeRun()
        ToneSandhi.apply(characters: characters, syllables: &syllables)
        return syllables
    }
}
