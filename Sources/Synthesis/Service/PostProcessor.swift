import AudioIO
import Engines
import Foundation

/// Does to one segment's audio what its engine could not do natively: the part of a pitch shift beyond the
/// engine's range, the spectral-tilt equaliser, the output level (with a soft clipper where the level leaves
/// the voice's peaks no headroom), and resampling to the request's rate.
struct PostProcessor {
    /// Semitones left for post-processing after the engine's native range; 0 = none.
    private let residualShift: Double
    private let referenceF0: Double?
    private var equalizer: TiltEqualizer
    private let gain: Float
    private let clipper = SoftClipper()
    private let resampler: Resampler?
    private let outputRate: Int

    init(step: SegmentStep, outputRate: Int) {
        self.outputRate = outputRate
        let shift = step.controls.pitchShift
        let native = step.engine.capabilities.nativePitchRange.map { min(max(shift, $0.lowerBound), $0.upperBound) } ?? 0
        residualShift = abs(shift - native) > 0.05 ? shift - native : 0
        referenceF0 = step.controls.referenceF0
        equalizer = TiltEqualizer(dBPerOctave: step.controls.tiltDBPerOctave, sampleRate: step.voice.sampleRate)
        gain = AudioLevel.factor(gainDB: step.controls.volumeDB)
        resampler = step.voice.sampleRate == outputRate ? nil : try? Resampler(from: step.voice.sampleRate, to: outputRate)
    }

    mutating func process(_ chunk: AudioChunk) -> AudioChunk {
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
    mutating func finish() -> AudioChunk? {
        guard let resampler else { return nil }
        return AudioChunk(samples: clipper.process(resampler.flush()), sampleRate: outputRate)
    }
}
