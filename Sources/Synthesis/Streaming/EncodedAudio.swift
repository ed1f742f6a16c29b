import AudioIO
import Foundation

/// A synthesis stream encoded for the wire in the format it was planned for: the one loop both surfaces
/// send audio with. Each element is the bytes of one or more chunks (an encoder may hold back a little, as
/// MP3 does), then the encoder's tail; pulling the next element is what makes the engine work, so the
/// consumer's pace is the engine's.
///
/// Until the first bytes have left, a chunk is encoded in slices of ``firstSlice`` seconds and the bytes of
/// the first slice leave at once: a compressed format then costs the first byte the encoding of a tenth of a
/// second of audio, not of the whole first chunk (a second or more). Later chunks are encoded whole.
public struct EncodedAudio: AsyncSequence {
    public typealias Element = Data

    let stream: SynthesisStream
    let onAudio: @Sendable (Double) -> Void

    /// Seconds of audio encoded before the first bytes leave.
    static let firstSlice = 0.1

    public func makeAsyncIterator() -> Iterator {
        Iterator(chunks: stream.makeAsyncIterator(), encoder: stream.format.makeEncoder(sampleRate: stream.sampleRate),
                 onAudio: onAudio)
    }

    public struct Iterator: AsyncIteratorProtocol {
        var chunks: SynthesisStream.Iterator
        let encoder: any AudioEncoding
        let onAudio: @Sendable (Double) -> Void
        var ended = false
        /// Samples of the current chunk not encoded yet, while the first bytes are still to leave.
        var pending = ArraySlice<Float>()
        var sentBytes = false

        public mutating func next() async throws -> Data? {
            while !ended {
                if !pending.isEmpty {
                    let rate = encoder.sampleRate
                    let slice = pending.prefix(sentBytes ? pending.count : Swift.max(1, Int(EncodedAudio.firstSlice * Double(rate))))
                    pending = pending.dropFirst(slice.count)
                    let bytes = encoder.encode(AudioChunk(samples: Array(slice), sampleRate: rate))
                    if !bytes.isEmpty {
                        sentBytes = true
                        return bytes
                    }
                    continue
                }
                guard let chunk = try await chunks.next() else {
                    ended = true
                    // A cancelled stream ends without its tail: the body must not look complete.
                    try Task.checkCancellation()
                    let tail = encoder.finish()
                    return tail.isEmpty ? nil : tail
                }
                onAudio(chunk.duration)
                guard sentBytes else {
                    pending = chunk.samples[...]
                    continue
                }
                let bytes = encoder.encode(chunk)
                if !bytes.isEmpty { return bytes }
            }
            return nil
        }
    }
}

extension SynthesisStream {
    /// The stream's audio encoded in its planned format; `onAudio` hears the seconds of each chunk encoded.
    public func encoded(onAudio: @escaping @Sendable (Double) -> Void = { _ in }) -> EncodedAudio {
        EncodedAudio(stream: self, onAudio: onAudio)
    }
}
