import AudioIO

/// Level change (dB) of a voice against the equaliser's tilt (dB per octave), piecewise linear between measured
/// points and constant beyond them, where the equaliser's shelf is capped.
struct TiltLevelCurve: Sendable, Equatable {
    /// The tilts measured: both directions, halfway and at the equaliser's cap.
    static let tilts = [-1, -0.5, 0, 0.5, 1].map { $0 * TiltEqualizer.maximumDBPerOctave }
    static let flat = TiltLevelCurve(levels: tilts.map { _ in 0 })

    /// One level change per tilt of `tilts`.
    var levels: [Double]

    /// Measures `audio`, whose own speech level is `speechLevel` (dBFS), through the equaliser at each of `tilts`.
    static func measure(_ audio: AudioChunk, speechLevel reference: Double) -> TiltLevelCurve {
        TiltLevelCurve(levels: tilts.map { tilt in
            guard tilt != 0 else { return 0 }
            var equalizer = TiltEqualizer(dBPerOctave: tilt, sampleRate: audio.sampleRate)
            return PromptAnalysis.speechLevel(AudioChunk(samples: equalizer.process(audio.samples), sampleRate: audio.sampleRate)) - reference
        })
    }

    /// The level change at `tilt`.
    func levelChange(at tilt: Double) -> Double {
        let tilts = Self.tilts
        guard tilt > tilts.first! else { return levels.first! }
        for i in 1..<tilts.count where tilt <= tilts[i] {
            let fraction = (tilt - tilts[i - 1]) / (tilts[i] - tilts[i - 1])
            return levels[i - 1] + fraction * (levels[i] - levels[i - 1])
        }
        return levels.last!
    }
}
