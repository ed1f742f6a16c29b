import GRPCCore
import Operations

/// Once a shutdown has begun, refuses new calls (``CallRefusal/draining``: UNAVAILABLE, clients retry
/// elsewhere) while calls in flight finish; ``CallLog`` counts the rejection. Which services it gates is
/// stated where it is registered.
public struct DrainGate: ServerInterceptor {
    let serving: ServingState

    public init(serving: ServingState) {
        self.serving = serving
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        guard serving.isDraining else {
            return try await next(request, context)
        }
        throw CallRefusal.draining
    }
}
