import AudioIO
import Foundation

/// Semitones from frequency `b` to frequency `a` (positive when `a` is higher).
public func semitones(_ a: Double, _ b: Double) -> Double { 12 * log2(a / b) }

/// Root-mean-square level of `samples`, linear.
public func rms(_ samples: [Float]) -> Double {
    guard !samples.isEmpty else { return 0 }
    return (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)).squareRoot()
}

/// What the tests compare about a piece of speech, measured with the same analysis the server uses on prompts.
public struct Measured: Sendable {
    public let analysis: PromptAnalysis
    public let duration: Double

    public init(_ audio: AudioChunk) {
        analysis = PromptAnalysis.analyse(audio)
        duration = audio.duration
    }

    /// Median F0 in Hz; nil when no pitch was found (a test must not read that as a match).
    public var f0: Double? { analysis.medianF0 }
    /// Speech level in dBFS.
    public var level: Double { analysis.speechLevel }
}

/// Median F0 in Hz of `chunk`, as the server's pitch tracker measures it.
public func pitch(of chunk: AudioChunk) -> Double? {
    PitchTracker().medianF0(chunk)
}
