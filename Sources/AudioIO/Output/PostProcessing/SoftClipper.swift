import Foundation

/// Keeps samples inside full scale without the hard corners of clipping: below `threshold` samples pass
/// unchanged, above it they bend smoothly toward ±1 and never reach it.
///
/// Matching a loud prompt can ask a voice for more level than its peaks have headroom for (a voice with a
/// crest factor of 18 dB reaches full scale at −18 dBFS speech level). Hard clipping at the PCM encoder then
/// distorts audibly; this bends only the few peaks above the threshold, so the speech level is kept within a
/// fraction of a dB. Memoryless, so it works chunk by chunk on a stream.
public struct SoftClipper: Sendable {
    /// Linear level (0 < threshold < 1) above which samples are bent, e.g. 0.8 ≈ −1.9 dBFS.
    public let threshold: Float

    public init(threshold: Float = 0.8) {
        precondition(threshold > 0 && threshold < 1)
        self.threshold = threshold
    }

    /// `samples` with every value above the threshold bent into (threshold, 1).
    public func process(_ samples: [Float]) -> [Float] {
        let knee = 1 - threshold
        return samples.map { sample in
            let magnitude = abs(sample)
            guard magnitude > threshold, magnitude.isFinite else { return magnitude.isFinite ? sample : 0 }
            let bent = threshold + knee * tanh((magnitude - threshold) / knee)
            return sample < 0 ? -bent : bent
        }
    }
}
