import Foundation

/// Turns a stream of ``AudioChunk``s into the bytes of one response body.
///
/// One encoder instance per response: call ``encode(_:)`` for each chunk as it arrives and send the bytes it
/// returns, then call ``finish()`` once and send those too. Encoders keep state (headers written, MP3 frames
/// pending), so they are reference types and not `Sendable`: create one inside the task that writes the body.
public protocol AudioEncoding: AnyObject {
    /// Sample rate in Hz of the chunks and of the encoded output; encoders never resample.
    var sampleRate: Int { get }
    /// Encodes the next chunk; may return no bytes while the encoder buffers.
    func encode(_ chunk: AudioChunk) -> Data
    /// Ends the stream and returns the remaining bytes. Call once; later calls return nothing.
    func finish() -> Data
}
