import Hummingbird
import NIOCore
import Operations
import Synthesis

/// Writes one response body from a synthesis stream.
///
/// The stream's encoded audio (``EncodedAudio``, the loop gRPC uses too) is pulled by a producer task that
/// stays at most one buffer ahead of the socket (a slow client slows the engine). The producer is cancelled —
/// which stops the engine and frees its scheduler slot — when the body ends early for any reason, including
/// the connection closing while the engine is busy: Hummingbird does not cancel a handler whose client left.
/// A failure after the head was sent (the stream's deadline included) is rethrown, so Hummingbird closes the
/// connection without the terminating zero-length chunk and the client sees a broken body, not a short file.
struct AudioBodyWriter: Sendable {
    let stream: SynthesisStream
    let channel: any Channel
    let connectionWatch: ConnectionWatch
    let record: RequestRecord
    var framing = AudioFraming.raw

    func write(to writer: inout any ResponseBodyWriter) async throws {
        let (buffers, output) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        let (credits, credit) = AsyncStream<Void>.makeStream()
        let producer = Task { [stream, record, framing] in
            do {
                var creditIterator = credits.makeAsyncIterator()
                var audioBytes = 0
                for try await bytes in stream.encoded(onAudio: { record.noteAudio(seconds: $0) }) {
                    audioBytes += bytes.count
                    output.yield(framing.frame(bytes))
                    guard await creditIterator.next() != nil else { throw CancellationError() }
                }
                if let end = framing.end(audioBytes: audioBytes) { output.yield(end) }
                output.finish()
            } catch {
                output.finish(throwing: error)
            }
        }
        let watch = connectionWatch.onClose(of: channel) { producer.cancel() }
        defer { watch.cancel() }
        do {
            try await withTaskCancellationHandler {
                for try await buffer in buffers {
                    try await writer.write(buffer)
                    record.noteFirstByte()
                    credit.yield()
                }
            } onCancel: {
                producer.cancel()
            }
            credit.finish()
            try await writer.finish(nil)
        } catch {
            producer.cancel()
            credit.finish()
            _ = await producer.result
            throw error
        }
    }
}
