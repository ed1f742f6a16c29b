import AudioIO
import Engines
import Foundation
import TextFrontend

/// What a prompt asks of the output voice: measured from the prompt, met per voice by the matcher.
struct VoiceTarget: Sendable, Equatable {
    /// Median F0 to land on, in Hz (nil for an unvoiced prompt: pitch is left alone).
    var medianF0: Double?
    /// Speech level to land on, in dBFS.
    var speechLevel: Double
    /// Long-term spectral tilt to lean toward, in dB per octave.
    var spectralTilt: Double

    init(_ analysis: PromptAnalysis) {
        medianF0 = analysis.medianF0
        speechLevel = analysis.speechLevel
        spectralTilt = analysis.spectralTilt
    }

    /// Fraction of the tilt difference the equaliser corrects: enough to hear, gentle enough not to colour.
    static let tiltCorrection = 0.75
    /// Median F0 above which a prompt is taken as a female voice, in Hz.
    static let femaleThreshold = 165.0

    var gender: Gender { (medianF0 ?? 0) > Self.femaleThreshold ? .female : .male }

    /// The controls that move a voice with `profile` onto this target, on top of `base`.
    func controls(for profile: VoiceProfile, base: VoiceControls) -> VoiceControls {
        var controls = base
        if let medianF0, medianF0 > 0 {
            controls.pitchShift += 12 * log2(medianF0 / profile.medianF0)
            controls.referenceF0 = profile.medianF0
        }
        controls.tiltDBPerOctave += (spectralTilt - profile.spectralTilt) * Self.tiltCorrection
        let equalizerLevel = profile.tiltLevels.levelChange(at: controls.tiltDBPerOctave)
        controls.volumeDB += min(max(speechLevel - profile.speechLevel - equalizerLevel, -30), 20)
        return controls
    }
}
