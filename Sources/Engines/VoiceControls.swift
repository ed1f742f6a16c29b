/// Per-request prosody applied to a voice. Neutral values leave the voice as it is.
public struct VoiceControls: Sendable, Equatable, Hashable {
    /// Speaking-rate multiplier (1 = the voice's normal rate, 2 = twice as fast).
    public var rate: Double
    /// Pitch shift in semitones (+12 = an octave up).
    public var pitchShift: Double
    /// Multiplier of the pitch range (intonation width); 1 = unchanged.
    public var pitchRange: Double
    /// Gain in dB, applied in post-processing.
    public var volumeDB: Double
    /// Spectral tilt change in dB per octave, applied in post-processing by a gentle shelving equaliser.
    public var tiltDBPerOctave: Double
    /// The voice's median F0 (Hz) that `pitchShift` was computed from, when the shift aims at a target pitch.
    /// Post-processing that shifts pitch measures each chunk and shifts from the chunk's own F0 instead, so
    /// the target is met whatever the sentence's natural pitch.
    public var referenceF0: Double?
    /// Seed for engines with randomness; nil = unseeded.
    public var seed: UInt64?

    public init(rate: Double = 1, pitchShift: Double = 0, pitchRange: Double = 1, volumeDB: Double = 0, tiltDBPerOctave: Double = 0, seed: UInt64? = nil) {
        self.rate = rate
        self.pitchShift = pitchShift
        self.pitchRange = pitchRange
        self.volumeDB = volumeDB
        self.tiltDBPerOctave = tiltDBPerOctave
        self.seed = seed
    }

    public static let neutral = VoiceControls()
}
