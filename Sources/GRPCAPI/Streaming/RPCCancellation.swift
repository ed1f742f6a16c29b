import GRPCCore
import Synthesis

/// Runs `operation` in a child task that is cancelled when the RPC is: the transport signals a client's
/// cancellation or an expired deadline through `cancellation`, not through task cancellation, and the engine
/// stops only on task cancellation. Either way the call ends with ``SynthesisError/cancelled``.
func untilRPCCancelled<Result: Sendable>(
    _ cancellation: ServerContext.RPCCancellationHandle,
    _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask {
            do {
                return try await operation()
            } catch is CancellationError {
                throw SynthesisError.cancelled
            }
        }
        group.addTask {
            try await cancellation.cancelled
            throw SynthesisError.cancelled
        }
        defer { group.cancelAll() }
        // The first child to finish decides: the operation's result, or the cancellation's error.
        guard let result = try await group.next(), let value = result else { throw SynthesisError.cancelled }
        return value
    }
}
