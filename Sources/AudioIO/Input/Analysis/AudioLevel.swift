import Foundation

/// Level measurements and gain, in dB relative to full scale (a sample of ±1.0 is 0 dBFS).
public enum AudioLevel {
    /// The level reported for digital silence, in dBFS. Finite on purpose: −∞ cannot be encoded as JSON.
    public static let floorDBFS = -120.0

    /// RMS level in dBFS (a full-scale sine is −3.01 dBFS); ``floorDBFS`` for silence or no samples.
    public static func rmsDBFS(_ samples: [Float]) -> Double {
        guard !samples.isEmpty else { return floorDBFS }
        return dBFS(meanSquare: meanSquare(samples[...]))
    }

    /// Largest absolute sample value, linear (1.0 = full scale). Like every level here it measures samples
    /// clipped to full scale, as they will be heard: NaN counts as 0, ±∞ as ±1.
    public static func peak(_ samples: [Float]) -> Float {
        samples.reduce(0) { max($0, abs($1.clippedToFullScale)) }
    }

    /// Largest absolute sample value in dBFS; ``floorDBFS`` for silence.
    public static func peakDBFS(_ samples: [Float]) -> Double {
        dBFS(amplitude: Double(peak(samples)))
    }

    /// The linear factor for a gain in dB (+6.02 dB doubles amplitude).
    public static func factor(gainDB: Double) -> Float {
        Float(pow(10, gainDB / 20))
    }

    /// `samples` scaled by `gainDB` dB. No clipping: encoders clip at output.
    public static func apply(gainDB: Double, to samples: [Float]) -> [Float] {
        let k = factor(gainDB: gainDB)
        return samples.map { $0 * k }
    }

    static func meanSquare(_ samples: ArraySlice<Float>) -> Double {
        guard !samples.isEmpty else { return 0 }
        var sum = 0.0
        for s in samples {
            let clipped = Double(s.clippedToFullScale)
            sum += clipped * clipped
        }
        return sum / Double(samples.count)
    }

    static func dBFS(meanSquare: Double) -> Double {
        meanSquare > 0 ? max(floorDBFS, 10 * log10(meanSquare)) : floorDBFS
    }

    static func dBFS(amplitude: Double) -> Double {
        amplitude > 0 ? max(floorDBFS, 20 * log10(amplitude)) : floorDBFS
    }
}

extension AudioChunk {
    /// Scales the samples by `gainDB` dB (negative attenuates).
    public mutating func apply(gainDB: Double) {
        samples = AudioLevel.apply(gainDB: gainDB, to: samples)
    }
}
