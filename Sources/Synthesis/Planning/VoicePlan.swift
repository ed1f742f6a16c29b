import Engines
import TextFrontend

/// The voice a request speaks with and the prosody applied to it, decided once before any audio.
struct VoicePlan: Sendable {
    /// The speaker whose per-language voices read the segments.
    var speaker: Speaker
    /// Prosody for every segment (emphasis adds to it per segment).
    var controls: VoiceControls
    /// Language Han text is read in (Cantonese for a Cantonese speaker or instruction, Mandarin otherwise).
    var primaryLanguage: Language
    /// Controls derived from an instruction, reported back to the client.
    var instruction: InstructControls?
}
