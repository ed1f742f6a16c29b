import Engines
import TextFrontend

/// The voice a request speaks with and the prosody applied to it, decided once before any audio.
struct VoicePlan: Sendable {
    /// The speaker whose per-language voices read the segments.
    var speaker: Speaker
    /// Prosody relative to each voice's neutral settings (instruction, speed, matched rate).
    var controls: VoiceControls
    /// Where a prompt sets the voice: the pitch, level and tilt every segment's voice is moved to.
    var target: VoiceTarget?
    /// Language Han text is read in (Cantonese for a Cantonese speaker or instruction, Mandarin otherwise).
    var primaryLanguage: Language
    /// Controls derived from an instruction, reported back to the client.
    var instruction: InstructControls?
    /// The prompt itself, for a voice whose engine clones from reference audio.
    var reference: ReferencePrompt?
    /// A remote backend speaks: what it cannot do is refused, not approximated by another voice.
    var remote = false

    init(speaker: Speaker, controls: VoiceControls = VoiceControls(), target: VoiceTarget? = nil, instruction: InstructControls? = nil) {
        self.speaker = speaker
        self.controls = controls
        self.target = target
        self.primaryLanguage = speaker.language
        self.instruction = instruction
    }
}
