import Synchronization

/// Admission control shared by every surface: at most `maxActive` syntheses run at once, at most `maxQueued`
/// wait for a slot, and anything beyond that is refused at once with `overloaded` so the client can retry.
public final class Scheduler: Sendable {
    /// Concurrent synthesis jobs; keep engine threads × jobs ≤ cores.
    public let maxActive: Int
    /// Requests allowed to wait for a slot.
    public let maxQueued: Int
    /// Seconds a refused client is told to wait (`Retry-After`).
    public let retryAfter: Int

    private struct State {
        var active = 0
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextID: UInt64 = 0
    }
    private let state = Mutex(State())

    public init(maxActive: Int, maxQueued: Int, retryAfter: Int = 1) {
        precondition(maxActive > 0 && maxQueued >= 0)
        self.maxActive = maxActive
        self.maxQueued = maxQueued
        self.retryAfter = retryAfter
    }

    /// Jobs running now.
    public var activeCount: Int { state.withLock { $0.active } }
    /// Requests waiting for a slot now.
    public var queuedCount: Int { state.withLock { $0.waiters.count } }

    /// Waits for a slot. Throws `overloaded` at once when the queue is full, `cancelled` when the waiting
    /// task is cancelled. The permit frees its slot when released or deallocated.
    public func admit() async throws(SynthesisError) -> SchedulerPermit {
        enum Admission { case granted, queued(UInt64), refused }
        let admission: Admission = state.withLock { state in
            if state.active < maxActive {
                state.active += 1
                return .granted
            }
            guard state.waiters.count < maxQueued else { return .refused }
            state.nextID += 1
            return .queued(state.nextID)
        }
        switch admission {
        case .granted:
            return SchedulerPermit(scheduler: self)
        case .refused:
            throw .overloaded(retryAfter: retryAfter)
        case .queued(let id):
            do {
                try await withTaskCancellationHandler {
                    try await withCheckedThrowingContinuation { continuation in
                        let cancelledAlready = state.withLock { state in
                            if Task.isCancelled { return true }
                            state.waiters.append((id, continuation))
                            return false
                        }
                        if cancelledAlready { continuation.resume(throwing: CancellationError()) }
                    }
                } onCancel: {
                    let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                        guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                        return state.waiters.remove(at: index).continuation
                    }
                    waiter?.resume(throwing: CancellationError())
                }
            } catch {
                throw .cancelled
            }
            // The releasing job handed its slot over: `active` already counts this one.
            return SchedulerPermit(scheduler: self)
        }
    }

    fileprivate func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            if state.waiters.isEmpty {
                state.active -= 1
                return nil
            }
            return state.waiters.removeFirst().continuation
        }
        next?.resume()
    }
}

/// A running job's slot. Released exactly once: explicitly when the job ends, or when the permit is dropped.
public final class SchedulerPermit: Sendable {
    private let scheduler: Scheduler
    private let released = Atomic<Bool>(false)

    fileprivate init(scheduler: Scheduler) { self.scheduler = scheduler }

    public func release() {
        if !released.exchange(true, ordering: .acquiringAndReleasing) { scheduler.release() }
    }

    deinit { release() }
}
