import GRPCCore
import Synchronization

/// Caps concurrent gRPC calls, like the reference server's `maximum_concurrent_rpcs` (`--max-conc`): a call
/// beyond the cap is refused at once with RESOURCE_EXHAUSTED. Independent of the synthesis scheduler, which
/// bounds engine work across all surfaces.
///
/// A call holds its slot until its response stream ends, not just until the handler returns.
public struct ConcurrentCallLimit: ServerInterceptor {
    /// Most calls in flight at once.
    public let maximum: Int
    private let counter: CallCounter

    public init(maximum: Int) {
        precondition(maximum > 0, "the concurrent call limit must be positive")
        self.maximum = maximum
        self.counter = CallCounter()
    }

    /// Calls in flight now.
    public var activeCalls: Int { counter.active.withLock { $0 } }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        guard let slot = counter.acquire(maximum: maximum) else {
            throw CallRefusal.tooManyCalls(maximum: maximum)
        }
        var response = try await next(request, context)
        guard case .success(var contents) = response.accepted else { return response }
        // The producer owns the slot: it frees it when the stream ends, or when it is dropped unrun.
        let producer = contents.producer
        contents.producer = { writer in
            defer { slot.release() }
            return try await producer(writer)
        }
        response.accepted = .success(contents)
        return response
    }
}

final class CallCounter: Sendable {
    let active = Mutex(0)

    func acquire(maximum: Int) -> CallSlot? {
        let granted = active.withLock { count in
            guard count < maximum else { return false }
            count += 1
            return true
        }
        return granted ? CallSlot(counter: self) : nil
    }
}

/// One call's place under the limit; released exactly once, explicitly or on deallocation.
final class CallSlot: Sendable {
    private let counter: CallCounter
    private let released = Atomic(false)

    init(counter: CallCounter) { self.counter = counter }

    func release() {
        if !released.exchange(true, ordering: .acquiringAndReleasing) {
            counter.active.withLock { $0 -= 1 }
        }
    }

    deinit { release() }
}
