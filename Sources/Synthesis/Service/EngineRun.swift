import AudioIO

/// One segment's engine work, owned by the iterator that consumes it.
///
/// An engine stops when the task iterating its stream is cancelled. A consumer that simply stops iterating
/// (a dropped response, a `break`) cancels nothing: the engine's continuation keeps the stream alive. So the
/// engine stream is iterated by a task of its own, and dropping this object cancels that task, which stops
/// the engine within one chunk.
final class EngineRun {
    private var chunks: AsyncThrowingStream<AudioChunk, any Error>.AsyncIterator
    private let pump: Task<Void, Never>

    init(_ engineStream: AsyncThrowingStream<AudioChunk, any Error>) {
        let (relay, continuation) = AsyncThrowingStream<AudioChunk, any Error>.makeStream()
        pump = Task {
            do {
                for try await chunk in engineStream { continuation.yield(chunk) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        chunks = relay.makeAsyncIterator()
    }

    /// The next chunk of the segment, or nil at its end.
    func next() async throws -> AudioChunk? {
        try await chunks.next()
    }

    deinit { pump.cancel() }
}
