import Synchronization

/// A streamed response from the moment its handler returned to the end of its body, counted in
/// ``ServingState/responsesInFlight`` so a drain waits for its last bytes.
///
/// A client can leave after the handler returned but before Hummingbird writes the head; then the body
/// closure never runs and is simply released. Ending in `deinit` covers that case, so the drain count cannot
/// leak (which made every later SIGTERM wait the whole grace period) and the request still gets its log line
/// and metrics.
public final class StreamedResponse: Sendable {
    private let serving: ServingState
    private let ended = Atomic(false)
    private let abandoned: @Sendable () -> Void

    /// - Parameter abandoned: what to record when the body is never written.
    public init(serving: ServingState, abandoned: @escaping @Sendable () -> Void) {
        self.serving = serving
        self.abandoned = abandoned
        serving.responseStarted()
    }

    /// The body ended (completely or not); `record` logs it. Only the first end counts.
    public func end(_ record: () -> Void) {
        guard !ended.exchange(true, ordering: .acquiringAndReleasing) else { return }
        record()
        serving.responseEnded()
    }

    deinit {
        end(abandoned)
    }
}
