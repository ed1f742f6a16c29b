import Synchronization

/// Bounds how long a caller waits for work that may hang on the network. Unlike a task group, which waits for
/// its children, the caller gets ``Passed`` at the deadline even when the work ignores cancellation; the work
/// is cancelled and ends on its own.
enum Deadline {
    struct Passed: Error {}

    static func run<Value: Sendable>(seconds: Double, _ work: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let race = Race<Value>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.begin(continuation)
                let workTask = Task {
                    do { race.finish(.success(try await work())) } catch { race.finish(.failure(error)) }
                }
                let timerTask = Task {
                    guard (try? await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))) != nil else { return }
                    race.finish(.failure(Passed()))
                }
                race.track(workTask, timerTask)
            }
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }

    /// Whichever of the work, the timer and the caller's cancellation comes first resumes the caller; the
    /// others then find nothing to resume, and are cancelled.
    private final class Race<Value: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<Value, any Error>?
            var finished = false
            var tasks: [Task<Void, Never>] = []
        }
        private let state = Mutex(State())

        func begin(_ continuation: CheckedContinuation<Value, any Error>) {
            let early = state.withLock { state in
                state.continuation = continuation
                return state.finished
            }
            // Cancelled before the continuation existed.
            if early { finish(.failure(CancellationError()), force: true) }
        }

        func track(_ tasks: Task<Void, Never>...) {
            let finished = state.withLock { state in
                state.tasks += tasks
                return state.finished
            }
            if finished { tasks.forEach { $0.cancel() } }
        }

        func finish(_ result: Result<Value, any Error>, force: Bool = false) {
            let (continuation, tasks) = state.withLock { state -> (CheckedContinuation<Value, any Error>?, [Task<Void, Never>]) in
                guard !state.finished || force else { return (nil, []) }
                state.finished = true
                defer { state.continuation = nil }
                return (state.continuation, state.tasks)
            }
            tasks.forEach { $0.cancel() }
            continuation?.resume(with: result)
        }
    }
}
