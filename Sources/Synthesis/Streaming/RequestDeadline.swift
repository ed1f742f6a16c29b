/// The whole-request time limit (`Limits.requestTimeout`): fixed when a request arrives, it bounds every
/// stage after that — preparing before the status line, and streaming after it. A stage still running at the
/// deadline is cancelled (which stops its engine) and ends in `SynthesisError.timedOut`.
public struct RequestDeadline: Sendable {
    /// When the request must be done.
    public let instant: ContinuousClock.Instant
    /// The limit in seconds, for the message.
    public let seconds: Double

    /// A deadline `seconds` after `start`.
    public init(seconds: Double, from start: ContinuousClock.Instant = .now) {
        self.seconds = seconds
        // Beyond a day is "no practical limit"; it also keeps the arithmetic far from overflow.
        instant = start + .milliseconds(Int64((min(max(seconds, 0), 86_400) * 1000).rounded(.up)))
    }

    /// Runs `operation` until it finishes or the deadline passes, whichever is first. A deadline already in
    /// the past fails at once without starting it.
    public func run<Result: Sendable>(_ operation: @escaping @Sendable () async throws -> Result) async throws -> Result {
        guard ContinuousClock.now < instant else { throw SynthesisError.timedOut(seconds: seconds) }
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await operation() }
            group.addTask { [instant, seconds] in
                try await Task.sleep(until: instant, clock: .continuous)
                throw SynthesisError.timedOut(seconds: seconds)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else {
                throw SynthesisError.timedOut(seconds: seconds)
            }
            return result
        }
    }
}
