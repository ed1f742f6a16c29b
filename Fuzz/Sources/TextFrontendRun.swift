import Engines
import Foundation
import Synthesis
import TextFrontend

/// The text front end on arbitrary Unicode, as synthesis runs it: control tags, language detection,
/// normalisation, sentence splitting and merging (`segments(for:)`), the speaking-rate count, the instruction
/// parser, the Mandarin front end (pinyin, sandhi, Baker symbols) on every Mandarin segment, and the Japanese
/// front end (MeCab readings, numbers, Kokoro phonemes cut into utterances, espeak-ng's kana) on every Japanese
/// segment.
///
/// The English phonemiser is left out: it lives inside the Piper engine, behind espeak-ng's process-wide state.
enum TextFrontendRun {
    static let frontEnd = TextFrontend()

    /// The Mandarin front end with the pinyin lexicon the voice install wrote (in `COSYVOICE_VOICES_DIR`, as for
    /// `scripts/setup-mandarin-voice`, else the system voices directory), loaded once per process (≈ 0.5 s).
    /// A run without it would quietly skip the Mandarin front end, so its absence ends the process.
    static let mandarin: MandarinFrontEnd = {
        let voices = ProcessInfo.processInfo.environment["COSYVOICE_VOICES_DIR"] ?? "/usr/local/share/cosyvoice/voices"
        let lexicon = URL(fileURLWithPath: voices).appending(path: MandarinVoice.folderName).appending(path: "pinyin.tsv")
        do {
            return MandarinFrontEnd(lexicon: try PinyinLexicon(contentsOf: lexicon))
        } catch {
            FileHandle.standardError.write(Data("text front end harness: cannot load \(lexicon.path) (run scripts/setup): \(error)\n".utf8))
            exit(2)
        }
    }()

    /// The Japanese front end over MeCab, with the Kokoro voices' word list when they are installed. A run
    /// without MeCab would quietly skip the Japanese front end, so its absence ends the process.
    static let japanese: JapaneseFrontEnd = {
        let voices = ProcessInfo.processInfo.environment["COSYVOICE_VOICES_DIR"] ?? "/usr/local/share/cosyvoice/voices"
        do {
            return try KokoroVoices.frontEnd(voicesDirectories: [URL(fileURLWithPath: voices)])
        } catch {
            FileHandle.standardError.write(Data("text front end harness: cannot start MeCab (run scripts/setup): \(error)\n".utf8))
            exit(2)
        }
    }()

    /// The first byte picks the voice's language (low bits) and streaming (high bit); the rest is the text as
    /// UTF-8 (invalid sequences become U+FFFD, as in a request). Returns the number of segments.
    static func run(_ bytes: Data) -> Int {
        guard let first = bytes.first else { return 0 }
        let language = Language.allCases[Int(first & 0x7F) % Language.allCases.count]
        let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
        _ = InstructionParser().parse(text)
        return run(text, primaryLanguage: language, streaming: first & 0x80 != 0)
    }

    /// A parsed request's text and instruction, as the service reads them for a Mandarin voice.
    static func run(_ request: SynthesisRequest) {
        if case .instruct(_, let instruction) = request.mode { _ = InstructionParser().parse(instruction) }
        if case .instruct2(let instruction, _) = request.mode { _ = InstructionParser().parse(instruction) }
        run(request.text, primaryLanguage: .mandarin, streaming: request.stream)
    }

    @discardableResult
    private static func run(_ text: String, primaryLanguage: Language, streaming: Bool) -> Int {
        _ = frontEnd.spokenUnits(in: text, language: primaryLanguage)
        let segments = frontEnd.segments(for: text, primaryLanguage: primaryLanguage, streaming: streaming)
        for segment in segments where segment.language == .mandarin {
            _ = mandarin.utterances(for: segment.text)
        }
        for segment in segments where segment.language == .japanese {
            _ = KokoroUtterances.split(japanese.reading(of: segment.text).phonemes)
            _ = japanese.spokenKana(of: segment.text)
        }
        return segments.count
    }
}
