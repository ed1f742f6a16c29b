import AudioIO
import Engines

/// One segment's engine work and the engine slot it runs in, owned by the run that consumes it.
///
/// An engine stops when the task iterating its stream is cancelled. A consumer that simply stops iterating
/// (a dropped response, a `break`) cancels nothing: the engine's continuation keeps the stream alive. So the
/// engine stream is iterated by a task of its own, and dropping this object cancels that task, which asks the
/// engine to stop. The slot is freed only once the engine has really stopped (a neural engine finishes the
/// sentence it is on), so abandoned work never runs beside the work admitted in its place.
final class EngineRun {
    private var chunks: AsyncThrowingStream<AudioChunk, any Error>.AsyncIterator
    private let pump: Task<Void, Never>
    private let stopped: (@Sendable () async -> Void)?
    private var slot: SegmentSlot?

    /// `slot` is nil for a remote engine, which needs none.
    init(_ work: EngineWork, slot: SegmentSlot?) {
        let (relay, continuation) = AsyncThrowingStream<AudioChunk, any Error>.makeStream()
        let engineStream = work.chunks
        pump = Task {
            do {
                for try await chunk in engineStream { continuation.yield(chunk) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        chunks = relay.makeAsyncIterator()
        stopped = work.stopped
        self.slot = slot
    }

    /// The next chunk of the segment, or nil at its end.
    func next() async throws -> AudioChunk? {
        try await chunks.next()
    }

    /// The segment ended (its last chunk arrived, or the engine failed): the engine is done, the slot is free.
    func finish() {
        slot?.release()
        slot = nil
    }

    deinit {
        pump.cancel()
        guard let slot else { return }
        guard let stopped else { return slot.release() }
        Task {
            await stopped()
            slot.release()
        }
    }
}
