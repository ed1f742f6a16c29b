import AudioIO
import Foundation
import TextFrontend

/// Formant synthesis with espeak-ng: every language, intelligible, robotic and very fast. Not bit-exact from
/// run to run: the same text can come out a few samples longer or shorter (espeak keeps state between calls).
///
/// Rate, pitch and pitch range are native parameters; output level is set by the synthesis service.
///
/// espeak-ng's Japanese voice reads kana only; with a Japanese front end, Japanese text is turned into the
/// katakana readings MeCab gives (kanji included) before espeak-ng sees it.
public struct EspeakEngine: SpeechEngine {
    public let name = EngineName.espeak
    public let capabilities = EngineCapabilities(nativeRate: true, nativePitchRange: EspeakPitchScale.range, deterministic: false)
    /// espeak-ng's output rate in Hz.
    public let sampleRate: Int

    /// Reads Japanese into kana for espeak-ng; nil leaves Japanese text as it is.
    public let japaneseFrontEnd: JapaneseFrontEnd?

    /// Starts espeak-ng (once per process); throws when its data files are missing.
    public init(japaneseFrontEnd: JapaneseFrontEnd? = nil) throws {
        self.japaneseFrontEnd = japaneseFrontEnd
        guard let rate = EspeakLibrary.shared.sampleRate else {
            throw EngineError.unavailable("espeak-ng failed to initialise (is espeak-ng-data installed?)")
        }
        sampleRate = rate
    }

    /// The espeak voice for a language and gender.
    ///
    /// Mandarin uses `cmn-Latn-pinyin`, which reads hanzi with tone sandhi; the plain `cmn` voice of
    /// espeak-ng 1.51 reads tone digits aloud in English. Japanese (`ja`) reads kana only.
    public func voice(for language: Language, gender: Gender) -> Voice {
        let base = switch language {
        case .mandarin: "cmn-Latn-pinyin"
        case .cantonese: "yue"
        case .english: "en-us"
        case .japanese: "ja"
        case .korean: "ko"
        }
        let name = gender == .female ? base + Self.femaleVariant : base
        return Voice(engine: self.name, name: name, language: language, gender: gender, sampleRate: sampleRate,
                     typicalF0: gender == .female ? Self.femaleF0 : Self.maleF0, quality: .formant)
    }

    /// Every language in both genders.
    public var voices: [Voice] {
        Language.allCases.flatMap { language in Gender.allCases.map { voice(for: language, gender: $0) } }
    }

    /// What espeak-ng is given for a Japanese segment: MeCab's kana readings of its words; other languages'
    /// text goes in as it is.
    public func input(for segment: Segment, voice: Voice) -> String? {
        guard voice.language == .japanese else { return nil }
        return japaneseFrontEnd?.spokenKana(of: segment.text)
    }

    public func synthesize(_ segment: Segment, voice: Voice, controls: VoiceControls) -> AsyncThrowingStream<AudioChunk, any Error> {
        let prepare: @Sendable (String) -> String = if voice.language == .japanese, let japaneseFrontEnd {
            { japaneseFrontEnd.spokenKana(of: $0) }
        } else {
            { $0 }
        }
        return EspeakLibrary.shared.synthesize(segment.text, voice: voice.name, parameters: Self.parameters(for: controls),
                                               sentencePause: segment.endsSentence, prepare: prepare)
    }

    /// Maps request prosody onto espeak's parameters.
    static func parameters(for controls: VoiceControls) -> EspeakParameters {
        let native = min(max(controls.pitchShift, EspeakPitchScale.range.lowerBound), EspeakPitchScale.range.upperBound)
        return EspeakParameters(
            rate: Int((Double(normalRate) * controls.rate).rounded()),
            pitch: EspeakPitchScale.parameter(forSemitones: native),
            range: Int((50 * controls.pitchRange).rounded()),
            // espeak gets louder as it goes higher (≈ 0.3 dB per semitone, measured); the volume parameter
            // takes that back so a pitch shift leaves the level where the service sets it.
            volume: Int((100 * pow(10, -levelPerSemitone * native / 20)).rounded())
        )
    }

    static let levelPerSemitone = 0.3

    static let normalRate = 175
    static let femaleVariant = "+f2"
    /// Median F0 of the voices at the default pitch, measured on a sentence per language (Hz).
    static let maleF0 = 100.0
    static let femaleF0 = 180.0
}

/// espeak-ng's pitch parameter (0–100, 50 = the voice's normal pitch) against the median F0 shift it
/// produces, in semitones. Measured on Mandarin, English and Korean voices of both genders (the three
/// curves agree within 0.6 semitone); the response is not linear, so the table is interpolated.
enum EspeakPitchScale {
    static let table: [(parameter: Double, semitones: Double)] = [
        (0, -6.9), (10, -6.0), (20, -4.9), (30, -3.1), (40, -1.7), (50, 0),
        (60, 1.65), (70, 3.5), (80, 5.4), (90, 7.3), (100, 9.0),
    ]
    static let range = table.first!.semitones...table.last!.semitones

    /// The parameter giving a shift of `semitones`, clamped to what espeak can do.
    static func parameter(forSemitones semitones: Double) -> Int {
        let target = min(max(semitones, range.lowerBound), range.upperBound)
        for (low, high) in zip(table, table.dropFirst()) where target <= high.semitones {
            let fraction = (target - low.semitones) / (high.semitones - low.semitones)
            return Int((low.parameter + fraction * (high.parameter - low.parameter)).rounded())
        }
        return 100
    }
}
