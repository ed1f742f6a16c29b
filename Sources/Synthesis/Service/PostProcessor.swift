import AudioIO
import Engines
import Foundation

/// Does to one segment's audio what its engine could not do natively: gain, and resampling to the
/// request's output rate.
struct PostProcessor {
    private let gain: Float
    private let resampler: Resampler?
    private let outputRate: Int

    init(step: SegmentStep, outputRate: Int) {
        self.outputRate = outputRate
        let volumeDB = step.engine.capabilities.nativeVolume ? 0 : step.controls.volumeDB
        gain = Float(pow(10, volumeDB / 20))
        resampler = step.voice.sampleRate == outputRate ? nil : try? Resampler(from: step.voice.sampleRate, to: outputRate)
    }

    mutating func process(_ chunk: AudioChunk) -> AudioChunk {
        var samples = chunk.samples
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
