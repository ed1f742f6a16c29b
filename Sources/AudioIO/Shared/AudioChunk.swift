/// A piece of mono audio: float samples in [-1, 1] at a known rate.
///
/// Engines yield these, post-processing transforms them, encoders turn them into bytes.
public struct AudioChunk: Sendable, Equatable {
    /// Mono samples, nominally in [-1, 1]; encoders clip anything outside.
    public var samples: [Float]
    /// Sample rate in Hz (e.g. 22050).
    public var sampleRate: Int

    public init(samples: [Float], sampleRate: Int) {
        self.samples = samples
        self.sampleRate = sampleRate
    }

    /// Duration in seconds.
    public var duration: Double { sampleRate > 0 ? Double(samples.count) / Double(sampleRate) : 0 }

    /// `seconds` of silence at `sampleRate`.
    public static func silence(seconds: Double, sampleRate: Int) -> AudioChunk {
        AudioChunk(samples: [Float](repeating: 0, count: max(0, Int((seconds * Double(sampleRate)).rounded()))), sampleRate: sampleRate)
    }
}
