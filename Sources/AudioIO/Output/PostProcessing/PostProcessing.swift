/// What post-processing does to one segment's audio: what the engine could not do natively.
public struct PostProcessing: Sendable, Equatable {
    /// Semitones of pitch shift left after the engine's native range; 0 = none.
    public var pitchShift: Double
    /// Where the shift aims at a target pitch: that pitch in Hz, so each chunk is shifted from its own F0.
    public var referenceF0: Double?
    /// Spectral tilt to add, in dB per octave above 1 kHz (0 = flat).
    public var tiltDBPerOctave: Double
    /// Level change in dB.
    public var gainDB: Double

    public init(pitchShift: Double = 0, referenceF0: Double? = nil, tiltDBPerOctave: Double = 0, gainDB: Double = 0) {
        self.pitchShift = pitchShift
        self.referenceF0 = referenceF0
        self.tiltDBPerOctave = tiltDBPerOctave
        self.gainDB = gainDB
    }
}
