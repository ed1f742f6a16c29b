import AudioIO
import Foundation

/// What an encoder sends for a signal fed to it in pieces, as a streaming response feeds it.
public struct EncodedStream: Sendable {
    /// The whole body: every piece's bytes, then the tail from ``AudioEncoding/finish()``.
    public let bytes: Data
    /// Bytes that came out before ``AudioEncoding/finish()``, i.e. while audio was still arriving.
    public let bytesBeforeFinish: Int
    /// Seconds of audio fed when the body had grown past `headerBytes` (nil if only finish got there).
    public let firstAudioAfter: Double?

    /// Feeds `signal` to `encoder` in pieces of `piece` seconds, then finishes it.
    ///
    /// - Parameter headerBytes: what the format sends before any audio (e.g. Ogg Opus's two header pages); bytes
    ///   beyond it count as audio for ``firstAudioAfter``.
    public init(_ signal: AudioChunk, with encoder: any AudioEncoding, piece: Double = 0.1, headerBytes: Int = 0) {
        let step = max(1, Int(piece * Double(signal.sampleRate)))
        var bytes = Data()
        var firstAudioAfter: Double?
        for start in stride(from: 0, to: signal.samples.count, by: step) {
            let end = min(start + step, signal.samples.count)
            bytes += encoder.encode(AudioChunk(samples: Array(signal.samples[start..<end]), sampleRate: signal.sampleRate))
            if firstAudioAfter == nil, bytes.count > headerBytes { firstAudioAfter = Double(end) / Double(signal.sampleRate) }
        }
        bytesBeforeFinish = bytes.count
        bytes += encoder.finish()
        self.bytes = bytes
        self.firstAudioAfter = firstAudioAfter
    }
}
