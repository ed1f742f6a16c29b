import AudioIO
import Hummingbird
import NIOCore
import Synthesis

/// Writes one response body from a synthesis stream.
///
/// Synthesis and encoding run in a producer task that stays at most one encoded buffer ahead of the socket
/// (a slow client slows the engine). The producer is cancelled — which stops the engine and frees its
/// scheduler slot — when the body ends early for any reason, including the connection closing while the
/// engine is busy. A failure after the head was sent is rethrown, so Hummingbird closes the connection
/// without the terminating zero-length chunk and the client sees a broken body, not a short file. So does
/// reaching the request's deadline, which stops the producer.
struct AudioBodyWriter: Sendable {
    let stream: SynthesisStream
    let format: AudioFormat
    let channel: any Channel
    let connectionWatch: ConnectionWatch
    let record: RequestRecord
    let deadline: RequestDeadline

    func write(to writer: inout any ResponseBodyWriter) async throws {
        let (buffers, output) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        let (credits, credit) = AsyncStream<Void>.makeStream()
        let producer = Task { [stream, format, record, deadline] in
            do {
                try await deadline.run {
                    let encoder = format.makeEncoder(sampleRate: stream.sampleRate)
                    var creditIterator = credits.makeAsyncIterator()
                    for try await chunk in stream {
                        record.noteAudio(seconds: chunk.duration)
                        let bytes = encoder.encode(chunk)
                        guard !bytes.isEmpty else { continue }
                        output.yield(ByteBuffer(bytes: bytes))
                        guard await creditIterator.next() != nil else { throw CancellationError() }
                    }
                    try Task.checkCancellation()
                    let tail = encoder.finish()
                    if !tail.isEmpty { output.yield(ByteBuffer(bytes: tail)) }
                }
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
