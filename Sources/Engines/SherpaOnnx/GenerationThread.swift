import AudioIO
import Foundation
import Synchronization

/// The thread one segment's sherpa-onnx generation runs on, shared by the neural engines.
///
/// The model calls block for up to about a second per sentence, so each segment gets a thread of its own (never
/// the cooperative pool). When the consumer of the stream goes away the stop flag is set; the generation checks
/// it between sentences and through sherpa's progress callback. ``EngineWork/stopped`` returns when the thread
/// has ended, which is when the core is free again.
enum GenerationThread {
    /// Runs `generate` on a new thread named `name`. `generate` yields to the continuation, checks `stop`
    /// between model calls, and finishes the continuation.
    static func start(name: String,
                      _ generate: @escaping @Sendable (AsyncThrowingStream<AudioChunk, any Error>.Continuation, StopFlag) -> Void) -> EngineWork {
        let (stream, continuation) = AsyncThrowingStream<AudioChunk, any Error>.makeStream()
        let stop = StopFlag()
        let ended = ThreadEnd()
        continuation.onTermination = { _ in stop.set() }
        let thread = Thread {
            generate(continuation, stop)
            ended.signal()
        }
        thread.name = name
        thread.start()
        return EngineWork(chunks: stream, stopped: { await ended.wait() })
    }
}

/// Set once when the consumer of a stream has gone; read by the generation thread.
final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .acquiring) }
    func set() { value.store(true, ordering: .releasing) }
}

/// Signalled once when a generation thread has ended; any number of tasks may wait for it.
final class ThreadEnd: Sendable {
    private let state = Mutex<(ended: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func signal() {
        let waiters = state.withLock { state in
            state.ended = true
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let ended = state.withLock { state in
                if !state.ended { state.waiters.append(continuation) }
                return state.ended
            }
            if ended { continuation.resume() }
        }
    }
}
