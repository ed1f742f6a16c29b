import Foundation

/// Fundamental frequency (F0) per frame with the YIN algorithm (de Cheveigné & Kawahara, 2002).
///
/// Frames are ``frameDuration`` long every ``hopDuration``, like ``SpeechActivity``, so frame `i` of both
/// starts at `i × 10 ms`. Audio above ``analysisRate`` is resampled down first: F0 ≤ 500 Hz needs nothing
/// higher, and the cost is O(samples × maximum lag), which the lower rate cuts several times over.
public struct PitchTracker: Sendable, Equatable {
    /// Frame length in seconds: the YIN integration window plus the longest lag (one period of the lowest F0).
    public static let frameDuration = 0.04
    /// Frame step in seconds.
    public static let hopDuration = 0.01
    /// Rate in Hz the analysis runs at.
    public static let analysisRate = 8000

    /// Lowest F0 reported, in Hz.
    public var minimumF0: Double
    /// Highest F0 reported, in Hz.
    public var maximumF0: Double
    /// YIN's aperiodicity threshold on the normalised difference (0…1); lower is stricter about voicing.
    public var threshold: Double
    /// Frames quieter than this RMS level in dBFS are unvoiced without analysis.
    public var silenceLevel: Double

    public init(minimumF0: Double = 60, maximumF0: Double = 500, threshold: Double = 0.15, silenceLevel: Double = -60) {
        self.minimumF0 = minimumF0
        self.maximumF0 = maximumF0
        self.threshold = threshold
        self.silenceLevel = silenceLevel
    }

    /// F0 in Hz of each frame, or `nil` where the frame is unvoiced or silent.
    public func track(_ chunk: AudioChunk) -> [Double?] {
        // Clipped first: one NaN would otherwise spread through the resampler and make every lag look periodic.
        let clipped = chunk.clippedToFullScale()
        let input = chunk.sampleRate > Self.analysisRate ? Resampler.resample(clipped, to: Self.analysisRate) : clipped
        let rate = Double(input.sampleRate)
        guard rate > 0 else { return [] }
        let span = Int((Self.frameDuration * rate).rounded())
        let hop = Int((Self.hopDuration * rate).rounded())
        let minLag = max(2, Int((rate / maximumF0).rounded(.down)))
        let maxLag = Int((rate / minimumF0).rounded(.up))
        // The frame holds the integration window plus the longest lag (and one more for interpolation); a short
        // window follows fast pitch glides (tonal languages) that a 40 ms window would smear into aperiodicity.
        let window = span - maxLag - 1
        guard hop > 0, window > 0, window >= maxLag / 2, input.samples.count >= span else { return [] }
        let minimumMeanSquare = pow(10, silenceLevel / 10)

        var difference = [Double](repeating: 0, count: maxLag + 2)
        var normalised = [Double](repeating: 1, count: maxLag + 2)
        return input.samples.withUnsafeBufferPointer { x in
            stride(from: 0, through: x.count - span, by: hop).map { start -> Double? in
                var energy = 0.0
                for j in start..<(start + window) { energy += Double(x[j]) * Double(x[j]) }
                guard energy / Double(window) > minimumMeanSquare else { return nil }

                // Step 2: squared difference d(τ) over the window.
                for lag in 1...(maxLag + 1) {
                    var sum: Float = 0
                    for j in start..<(start + window) {
                        let delta = x[j] - x[j + lag]
                        sum += delta * delta
                    }
                    difference[lag] = Double(sum)
                }
                // Step 3: cumulative mean normalisation, d'(τ) = d(τ)·τ / Σ d(1…τ); removes the bias toward τ = 0.
                var running = 0.0
                for lag in 1...(maxLag + 1) {
                    running += difference[lag]
                    normalised[lag] = running > 0 ? difference[lag] * Double(lag) / running : 1
                }
                // Step 4: the first dip under the threshold, followed down to its local minimum.
                var lag = minLag
                while lag <= maxLag, normalised[lag] >= threshold { lag += 1 }
                guard lag <= maxLag else { return nil }
                while lag < maxLag, normalised[lag + 1] < normalised[lag] { lag += 1 }
                // Step 5: parabolic interpolation for a sub-sample period.
                let a = normalised[lag - 1], b = normalised[lag], c = normalised[lag + 1]
                let curvature = a - 2 * b + c
                let offset = curvature > 0 ? 0.5 * (a - c) / curvature : 0
                let f0 = rate / (Double(lag) + max(-0.5, min(0.5, offset)))
                return (minimumF0...maximumF0).contains(f0) ? f0 : nil
            }
        }
    }

    /// Median F0 in Hz over voiced frames, or `nil` when nothing is voiced.
    public func medianF0(_ chunk: AudioChunk) -> Double? {
        Statistics.percentile(track(chunk).compactMap { $0 }, 0.5)
    }
}
