import AudioIO
import Engines
import Foundation

/// Does to one segment's audio what its engine could not do natively: the part of a pitch shift beyond the
/// engine's range, the spectral-tilt equaliser, the output level, and resampling to the request's rate.
struct PostProcessor {
    private let pitchShifter: PitchShifter?
    private var equalizer: TiltEqualizer
    private let gain: Float
    private let resampler: Resampler?
    private let outputRate: Int

    init(step: SegmentStep, outputRate: Int) {
        self.outputRate = outputRate
        let shift = step.controls.pitchShift
        let native = step.engine.capabilities.nativePitchRange.map { min(max(shift, $0.lowerBound), $0.upperBound) } ?? 0
        pitchShifter = abs(shift - native) > 0.05 ? PitchShifter(semitones: shift - native) : nil
        equalizer = TiltEqualizer(dBPerOctave: step.controls.tiltDBPerOctave, sampleRate: step.voice.sampleRate)
        gain = AudioLevel.factor(gainDB: step.controls.volumeDB)
        resampler = step.voice.sampleRate == outputRate ? nil : try? Resampler(from: step.voice.sampleRate, to: outputRate)
    }

    mutating func process(_ chunk: AudioChunk) -> AudioChunk {
        var samples = pitchShifter?.process(chunk).samples ?? chunk.samples
        samples = equalizer.process(samples)
        if gain != 1 { for i in samples.indices { samples[i] *= gain } }
        if let resampler { samples = resampler.process(samples) }
        return AudioChunk(samples: samples, sampleRate: outputRate)
    }

    /// The resampler's buffered tail, if any.
    mutating func finish() -> AudioChunk? {
        guard let resampler else { return nil }
        return AudioChunk(samples: resampler.flush(), sampleRate: outputRate)
    }
}
