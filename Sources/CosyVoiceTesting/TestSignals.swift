import AudioIO
import Foundation

/// Signals the tests send and measure against.
public enum TestSignals {
    /// `seconds` of a sine at `frequency` Hz and linear `amplitude`.
    public static func tone(_ frequency: Double, seconds: Double = 1, amplitude: Float = 0.5, sampleRate: Int = 24000) -> AudioChunk {
        let count = Int(seconds * Double(sampleRate))
        let step = 2 * Double.pi * frequency / Double(sampleRate)
        return AudioChunk(samples: (0..<count).map { amplitude * Float(sin(step * Double($0))) }, sampleRate: sampleRate)
    }

    /// A voiced-sounding tone (180 Hz with its octave), which the pitch tracker and speech detector take for
    /// speech: a prompt that is valid but says nothing.
    public static func voicedTone(seconds: Double, sampleRate: Int) -> AudioChunk {
        let count = Int(seconds * Double(sampleRate))
        let samples = (0..<count).map { i -> Float in
            let t = Double(i) / Double(sampleRate)
            return Float(0.3 * sin(2 * .pi * 180 * t) + 0.1 * sin(2 * .pi * 360 * t))
        }
        return AudioChunk(samples: samples, sampleRate: sampleRate)
    }

    /// Reproducible white noise, uniform in ±`amplitude`.
    public static func whiteNoise(seconds: Double, amplitude: Float = 0.3, sampleRate: Int = 16000, seed: UInt64 = 1) -> AudioChunk {
        var state = seed
        let samples = (0..<Int(seconds * Double(sampleRate))).map { _ -> Float in
            // xorshift64*: deterministic across platforms, unlike SystemRandomNumberGenerator.
            state ^= state >> 12; state ^= state << 25; state ^= state >> 27
            let bits = (state &* 2_685_821_657_736_338_717) >> 40
            return amplitude * (Float(bits) / Float(1 << 24) * 2 - 1)
        }
        return AudioChunk(samples: samples, sampleRate: sampleRate)
    }

    /// Integrated white noise: power falls 6 dB per octave.
    public static func brownNoise(seconds: Double, sampleRate: Int = 16000) -> AudioChunk {
        var level: Float = 0
        var samples = whiteNoise(seconds: seconds, amplitude: 1, sampleRate: sampleRate).samples.map { x -> Float in
            level = level * 0.999 + x * 0.02  // leak keeps it bounded; the knee (≈ 2.5 Hz) is far below 100 Hz
            return level
        }
        let peak = AudioLevel.peak(samples)
        samples = samples.map { $0 / peak * 0.5 }
        return AudioChunk(samples: samples, sampleRate: sampleRate)
    }
}
