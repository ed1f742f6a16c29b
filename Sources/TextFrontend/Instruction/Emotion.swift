/// An emotion an instruction can ask for; engines render it through a prosody preset.
public enum Emotion: String, Sendable, Codable, CaseIterable {
    case happy, sad, angry, calm, excited

    /// The prosody this emotion is rendered with.
    public var preset: Prosody {
        switch self {
        case .happy: Prosody(rate: 1.08, pitch: 2, pitchRange: 1.3, volume: 2)
        case .sad: Prosody(rate: 0.85, pitch: -2, pitchRange: 0.7, volume: -3)
        case .angry: Prosody(rate: 1.1, pitch: 1, pitchRange: 1.4, volume: 5)
        case .calm: Prosody(rate: 0.92, pitch: -1, pitchRange: 0.8, volume: -2)
        case .excited: Prosody(rate: 1.15, pitch: 3, pitchRange: 1.5, volume: 4)
        }
    }
}

/// Prosody settings relative to a voice's default.
public struct Prosody: Sendable, Equatable, Codable {
    /// Speaking-rate multiplier (1 = the voice's normal rate, 1.2 = 20 % faster).
    public var rate: Double
    /// Pitch shift in semitones (0 = unchanged).
    public var pitch: Double
    /// Pitch-range multiplier (1 = unchanged, above 1 = livelier intonation).
    public var pitchRange: Double
    /// Volume change in dB (0 = unchanged).
    public var volume: Double

    public init(rate: Double = 1, pitch: Double = 0, pitchRange: Double = 1, volume: Double = 0) {
        self.rate = rate
        self.pitch = pitch
        self.pitchRange = pitchRange
        self.volume = volume
    }

    /// The voice's default prosody.
    public static let neutral = Prosody()
}
