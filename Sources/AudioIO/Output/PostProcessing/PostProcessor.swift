import Foundation

/// Applies ``PostProcessing`` to one segment's audio chunk by chunk: the residual pitch shift, the
/// spectral-tilt equaliser, the output level, the one resampling to the wire rate, and last a soft clipper
/// where the level leaves the voice's peaks no headroom.
public struct PostProcessor {
    private let residualShift: Double
    private let referenceF0: Double?
    private var equalizer: TiltEqualizer
    private let gain: Float
    private let clipper = SoftClipper()
    private let resampler: Resampler?
    /// Hz of the chunks that come out: the wire rate.
    public let outputRate: Int

    /// - Parameters:
    ///   - inputRate: the engine's rate in Hz (e.g. 22050)
    ///   - outputRate: the wire rate in Hz the request was planned at (e.g. 24000)
    public init(_ settings: PostProcessing, inputRate: Int, outputRate: Int) {
        self.outputRate = outputRate
        residualShift = settings.pitchShift
        referenceF0 = settings.referenceF0
        equalizer = TiltEqualizer(dBPerOctave: settings.tiltDBPerOctave, sampleRate: inputRate)
        gain = AudioLevel.factor(gainDB: settings.gainDB)
        resampler = inputRate == outputRate ? nil : try? Resampler(from: inputRate, to: outputRate)
    }

    public mutating func process(_ chunk: AudioChunk) -> AudioChunk {
        var samples = residualShift == 0 ? chunk.samples : PitchShifter(semitones: correctedShift(for: chunk)).process(chunk).samples
        samples = equalizer.process(samples)
        if gain != 1 { for i in samples.indices { samples[i] *= gain } }
        if let resampler { samples = resampler.process(samples) }
        // Last: the pitch shift, the equaliser and the resampler's ringing can all overshoot too.
        return AudioChunk(samples: clipper.process(samples), sampleRate: outputRate)
    }

    /// The residual shift for one chunk. When the shift aims at a target pitch, it is measured from this
    /// chunk's own median F0 rather than the voice's typical one: sentences differ, and a neural voice's
    /// pitch varies from run to run.
    private func correctedShift(for chunk: AudioChunk) -> Double {
        guard let referenceF0, let chunkF0 = PitchTracker().medianF0(chunk), chunkF0 > 0 else { return residualShift }
        // Bounded: a chunk too short for a stable pitch must not throw the voice far off.
        return residualShift + min(max(12 * log2(referenceF0 / chunkF0), -4), 4)
    }

    /// The resampler's buffered tail, if any.
    public mutating func finish() -> AudioChunk? {
        guard let resampler else { return nil }
        return AudioChunk(samples: clipper.process(resampler.flush()), sampleRate: outputRate)
    }
}
