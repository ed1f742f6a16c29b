import AudioIO
import Foundation

/// Semitones between two frequencies.
func semitones(_ a: Double, _ b: Double) -> Double { 12 * log2(a / b) }

/// The measurements the tests compare, taken with the same analysis the server uses on prompts.
struct Measured {
    let analysis: PromptAnalysis
    let duration: Double
    init(_ audio: AudioChunk) {
        analysis = PromptAnalysis.analyse(audio)
        duration = audio.duration
    }
    var f0: Double { analysis.medianF0 ?? 0 }
    var level: Double { analysis.speechLevel }
}

/// A WAV file of `audio`, as a client would upload it.
func wavFile(_ audio: AudioChunk) -> Data { WAVEncoder.wav(audio) }
