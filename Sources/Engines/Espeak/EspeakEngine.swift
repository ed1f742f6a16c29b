import AudioIO
import Foundation
import TextFrontend

/// Formant synthesis with espeak-ng: every language, intelligible, robotic, deterministic and very fast.
///
/// Rate, pitch, range and volume are native parameters, so no post-processing is needed for prosody.
public struct EspeakEngine: SpeechEngine {
    public let name = "espeak"
    public let capabilities = EngineCapabilities(nativeRate: true, nativePitch: true, nativeVolume: true, deterministic: true)
    /// espeak-ng's output rate in Hz.
    public let sampleRate: Int

    /// Starts espeak-ng (once per process); throws when its data files are missing.
    public init() throws {
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
                     typicalF0: gender == .female ? Self.femaleF0 : Self.maleF0)
    }

    public func synthesize(_ segment: Segment, voice: Voice, controls: VoiceControls) -> AsyncThrowingStream<AudioChunk, any Error> {
        EspeakLibrary.shared.synthesize(segment.text, voice: voice.name, parameters: Self.parameters(for: controls),
                                        sentencePause: segment.endsSentence)
    }

    /// Maps request prosody onto espeak's parameters.
    static func parameters(for controls: VoiceControls) -> EspeakParameters {
        EspeakParameters(
            rate: Int((Double(normalRate) * controls.rate).rounded()),
            // espeak's base pitch is roughly linear in Hz over its 0–100 scale: about one unit per 1.6% of
            // frequency around the middle, i.e. ≈ 3.6 units per semitone.
            pitch: Int((50 + controls.pitchShift * pitchUnitsPerSemitone).rounded()),
            range: Int((50 * controls.pitchRange).rounded()),
            volume: Int((100 * pow(10, controls.volumeDB / 20)).rounded())
        )
    }

    static let normalRate = 175
    static let pitchUnitsPerSemitone = 3.6
    static let femaleVariant = "+f2"
    static let maleF0 = 97.0
    static let femaleF0 = 180.0
}
