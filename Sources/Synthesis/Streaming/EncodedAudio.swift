import AudioIO
import Foundation

/// A synthesis stream encoded for the wire in the format it was planned for: the one loop both surfaces
/// send audio with. Each element is the bytes of one or more chunks (an encoder may hold back a little, as
/// MP3 does), then the encoder's tail; pulling the next element is what makes the engine work, so the
/// consumer's pace is the engine's.
public struct EncodedAudio: AsyncSequence {
    public typealias Element = Data

    let stream: SynthesisStream
    let onAudio: @Sendable (Double) -> Void

    public func makeAsyncIterator() -> Iterator {
        Iterator(chunks: stream.makeAsyncIterator(), encoder: stream.format.makeEncoder(sampleRate: stream.sampleRate),
                 onAudio: onAudio)
    }

    public struct Iterator: AsyncIteratorProtocol {
        var chunks: SynthesisStream.Iterator
        let encoder: any AudioEncoding
        let onAudio: @Sendable (Double) -> Void
        var ended = false

        public mutating func next() async throws -> Data? {
            while !ended {
                guard let chunk = try await chunks.next() else {
                    ended = true
                    // A cancelled stream ends without its tail: the body must not look complete.
                    try Task.checkCancellation()
                    let tail = encoder.finish()
                    return tail.isEmpty ? nil : tail
                }
                onAudio(chunk.duration)
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
