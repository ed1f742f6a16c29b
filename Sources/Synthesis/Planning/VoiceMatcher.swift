import AudioIO
import Engines
import Foundation
import TextFrontend

/// Chooses and shapes a built-in voice to follow a prompt recording (voice matching, not cloning: the
/// engines shipped here cannot copy a timbre).
struct VoiceMatcher: Sendable {
    let catalog: VoiceCatalog

    /// Median F0 above which a prompt is taken as a female voice, in Hz.
    static let femaleThreshold = 165.0

    /// The speaker for text in `language` that fits the prompt's gender, with the pitch moved to the
    /// prompt's median F0 where the prompt is voiced.
    func plan(for analysis: PromptAnalysis, language: Language) -> (speaker: Speaker, controls: VoiceControls)? {
        let gender: Gender = (analysis.medianF0 ?? 0) > Self.femaleThreshold ? .female : .male
        guard let speaker = catalog.matchingSpeaker(language: language, gender: gender) else { return nil }
        var controls = VoiceControls()
        if let f0 = analysis.medianF0, f0 > 0 {
            controls.pitchShift = 12 * log2(f0 / speaker.primaryVoice.typicalF0)
        }
        return (speaker, controls)
    }
}
