/// The speaker store's database cannot be reached now (down, restarting, unreachable, or slower than the
/// store's deadline). Requests that need the store answer 503 / UNAVAILABLE with ``message``; the cause, which
/// may name hosts and driver internals, goes to the log only.
public struct SpeakerStoreUnavailable: Error, CustomStringConvertible {
    /// What a client is told.
    public static let message = "the speaker store is unreachable; retry shortly"
    public var description: String { Self.message }

    public init() {}
}

extension SynthesisError {
    /// Seconds a client is told to wait (`Retry-After`) after ``unavailable(_:)``.
    public static let unavailableRetryAfter = 1

    /// What a request that failed in the speaker store is told: the store's own refusals as they are, an
    /// unreachable database as ``unavailable(_:)``, anything else as an internal failure (logged, not sent).
    public init(storeFailure error: any Error) {
        switch error {
        case let error as SynthesisError: self = error
        case is SpeakerStoreUnavailable: self = .unavailable(SpeakerStoreUnavailable.message)
        default: self = .internalFailure("speaker store: \(error)")
        }
    }
}
