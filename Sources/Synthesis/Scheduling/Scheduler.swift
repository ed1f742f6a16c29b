import Engines
import Synchronization

/// One scheduler for every surface: admission control per request, and fair sharing of the engines per
/// segment.
///
/// - Admission: at most `engineSlots + maxQueued` requests are in the server at once; beyond that a request
///   is refused at once with `overloaded` (HTTP 429 / gRPC RESOURCE_EXHAUSTED) so the client can retry.
/// - Engine slots: at most `engineSlots` segments are synthesised at once (keep engine threads × slots ≤
///   cores). A request asks for a slot per segment. Waiting requests are served by the number of segments
///   they have had so far, fewest first, then in arrival order: first segments go first, and a long text
///   yields to short ones between its segments instead of starving them.
/// - First segments may also take one of `firstSegmentReserve` extra slots: they are short (a few words)
///   by design, so briefly running one more job than there are cores costs little, and a new request's
///   first audio does not wait for a long segment of another request to finish.
/// - Cores: the first segment of a request that is the only one in the server, granted while nothing else
///   is being synthesised, may use every core (``CoreShare/all``); every other segment runs on its own engine
///   threads. First segments are a few words, so the wide instance's memory stays small (a model instance
///   keeps the largest activations it ever needed) and a request that arrives meanwhile runs beside it, on
///   its own threads, only briefly with more threads than cores. The later segments of a lone request are
///   synthesised well ahead of playback on one core anyway.
public final class Scheduler: Sendable {
    /// Segments synthesised at once.
    public let engineSlots: Int
    /// Requests allowed to wait beyond those that can run at once.
    public let maxQueued: Int
    /// Seconds a refused client is told to wait (`Retry-After`).
    public let retryAfter: Int
    /// Extra slots only first segments may use.
    public let firstSegmentReserve: Int

    struct Waiter {
        var served: Int
        var order: UInt64
        var continuation: CheckedContinuation<CoreShare, any Error>
    }
    struct State {
        var admitted = 0
        var running = 0
        var waiters: [Waiter] = []
        var nextOrder: UInt64 = 0

        /// The cores of a slot granted now for a request that has had `served` segments: all of them for a
        /// first segment when its request is the only one admitted, no segment runs and none waits.
        func share(served: Int) -> CoreShare {
            served == 0 && admitted == 1 && running == 0 && waiters.isEmpty ? .all : .own
        }
    }
    private let state = Mutex(State())

    public init(engineSlots: Int, maxQueued: Int, retryAfter: Int = 1, firstSegmentReserve: Int = 1) {
        precondition(engineSlots > 0 && maxQueued >= 0 && firstSegmentReserve >= 0)
        self.engineSlots = engineSlots
        self.maxQueued = maxQueued
        self.retryAfter = retryAfter
        self.firstSegmentReserve = firstSegmentReserve
    }

    /// Requests in the server now (streaming or waiting).
    public var admittedCount: Int { state.withLock { $0.admitted } }
    /// Requests waiting for an engine slot now.
    public var queuedCount: Int { state.withLock { $0.waiters.count } }
    /// Segments being synthesised now.
    public var busySlots: Int { state.withLock { $0.running } }

    /// Admits a request or refuses it at once with `overloaded`. The permit leaves the server when released
    /// or deallocated.
    public func admit() throws(SynthesisError) -> SchedulerPermit {
        let admitted = state.withLock { state in
            guard state.admitted < engineSlots + maxQueued else { return false }
            state.admitted += 1
            return true
        }
        guard admitted else { throw .overloaded(retryAfter: retryAfter) }
        return SchedulerPermit(scheduler: self)
    }

    /// Waits for an engine slot for a request that has had `served` segments; returns the cores the
    /// segment may use. Throws `CancellationError` when the waiting task is cancelled.
    func acquireSlot(served: Int) async throws -> CoreShare {
        let (granted, order): (CoreShare?, UInt64) = state.withLock { state in
            let limit = served == 0 ? engineSlots + firstSegmentReserve : engineSlots
            if state.running < limit && (state.waiters.isEmpty || served == 0) {
                defer { state.running += 1 }
                return (state.share(served: served), 0)
            }
            state.nextOrder += 1
            return (nil, state.nextOrder)
        }
        if let granted { return granted }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let cancelled = state.withLock { state in
                    if Task.isCancelled { return true }
                    state.waiters.append(Waiter(served: served, order: order, continuation: continuation))
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.order == order }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Frees a slot: hands it straight to the most deserving waiter, if any may use it.
    func releaseSlot() {
        let next = state.withLock { state -> (Waiter, CoreShare)? in
            state.running -= 1
            guard let index = state.waiters.indices.min(by: { a, b in
                let (x, y) = (state.waiters[a], state.waiters[b])
                return (x.served, x.order) < (y.served, y.order)
            }) else { return nil }
            let limit = state.waiters[index].served == 0 ? engineSlots + firstSegmentReserve : engineSlots
            guard state.running < limit else { return nil }
            let waiter = state.waiters.remove(at: index)
            defer { state.running += 1 }
            return (waiter, state.share(served: waiter.served))
        }
        next.map { $0.continuation.resume(returning: $1) }
    }

    fileprivate func leave() { state.withLock { $0.admitted -= 1 } }
}

/// An admitted request's place in the server. Left exactly once: explicitly when the request ends, or
/// when the permit is dropped.
public final class SchedulerPermit: Sendable {
    let scheduler: Scheduler
    private let left = Atomic<Bool>(false)

    fileprivate init(scheduler: Scheduler) { self.scheduler = scheduler }

    public func release() {
        if !left.exchange(true, ordering: .acquiringAndReleasing) { scheduler.leave() }
    }

    deinit { release() }
}

/// An engine slot held for one segment; freed when the segment ends or the holder goes away.
final class SegmentSlot: Sendable {
    private let scheduler: Scheduler
    private let released = Atomic<Bool>(false)
    /// The cores the segment may use.
    let cores: CoreShare

    /// Waits for a slot (see `Scheduler.acquireSlot`).
    init(scheduler: Scheduler, served: Int) async throws {
        self.cores = try await scheduler.acquireSlot(served: served)
        self.scheduler = scheduler
    }

    func release() {
        if !released.exchange(true, ordering: .acquiringAndReleasing) { scheduler.releaseSlot() }
    }

    deinit { release() }
}
