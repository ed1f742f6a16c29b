import Foundation

/// What a voice prompt sounds like, measured: pitch, level, brightness and amount of speech.
///
/// Used to check synthesised audio in tests and to match a prompt to the nearest available voice.
public struct PromptAnalysis: Sendable, Codable, Equatable {
    /// Median F0 of voiced speech in Hz (e.g. ≈ 120 for a typical male voice, ≈ 210 female); `nil` if unvoiced.
    public var medianF0: Double?
    /// Spread of F0 in semitones between its 10th and 90th percentile; `nil` if unvoiced.
    public var f0Range: Double?
    /// RMS level of active speech in dBFS (a sine of amplitude 0.5 is −9.03).
    public var speechLevel: Double
    /// Slope of the long-term average spectrum of active speech in dB per octave, fitted over third-octave bands
    /// from the median F0 (100 Hz when unvoiced) to 5 kHz: 0 for white noise, −6 for brown noise, negative
    /// for speech (brighter voices are less negative).
    public var spectralTilt: Double
    /// Seconds of active speech with a detected F0.
    public var voicedDuration: Double
    /// Seconds of active speech (energy VAD), pauses excluded.
    public var speechDuration: Double
    /// Seconds of audio.
    public var totalDuration: Double

    public init(
        medianF0: Double?, f0Range: Double?, speechLevel: Double, spectralTilt: Double,
        voicedDuration: Double, speechDuration: Double, totalDuration: Double
    ) {
        self.medianF0 = medianF0
        self.f0Range = f0Range
        self.speechLevel = speechLevel
        self.spectralTilt = spectralTilt
        self.voicedDuration = voicedDuration
        self.speechDuration = speechDuration
        self.totalDuration = totalDuration
    }

    /// Units (syllables, characters, words — the caller's choice) per second of active speech; 0 without speech.
    public func speakingRate(units: Int) -> Double {
        speechDuration > 0 ? Double(units) / speechDuration : 0
    }

    /// Measures `chunk`.
    public static func analyse(_ chunk: AudioChunk) -> PromptAnalysis {
        let activity = SpeechActivity.detect(chunk)
        let pitch = PitchTracker().track(chunk)
        // Voiced frames only count inside active speech, so a quiet hum in a pause does not move the F0.
        let voiced = pitch.indices.compactMap { i in i < activity.active.count && activity.active[i] ? pitch[i] : nil }
        let median = Statistics.percentile(voiced, 0.5)
        let range = Statistics.percentile(voiced, 0.1).flatMap { low in
            Statistics.percentile(voiced, 0.9).map { high in 12 * log2(high / low) }
        }
        return PromptAnalysis(
            medianF0: median,
            f0Range: range,
            speechLevel: speechLevel(activity),
            spectralTilt: LongTermSpectrum.tilt(chunk, activeAbove: activity.threshold, from: median ?? 100),
            voicedDuration: Double(voiced.count) * PitchTracker.hopDuration,
            speechDuration: activity.speechDuration,
            totalDuration: chunk.duration
        )
    }

    /// RMS level of `chunk`'s active speech in dBFS, as `analyse` measures it.
    public static func speechLevel(_ chunk: AudioChunk) -> Double { speechLevel(SpeechActivity.detect(chunk)) }

    private static func speechLevel(_ activity: SpeechActivity) -> Double {
        let activeLevels = zip(activity.frameLevels, activity.active).filter(\.1).map(\.0)
        let meanSquare = activeLevels.isEmpty ? 0 : activeLevels.map { pow(10, $0 / 10) }.reduce(0, +) / Double(activeLevels.count)
        return AudioLevel.dBFS(meanSquare: meanSquare)
    }
}
