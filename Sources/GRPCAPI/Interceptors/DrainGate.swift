import GRPCCore
import Operations

/// Once a shutdown has begun, refuses new calls with UNAVAILABLE (clients retry elsewhere) while calls in
/// flight finish. Which services it gates is stated where it is registered.
public struct DrainGate: ServerInterceptor {
    let serving: ServingState
    let metrics: ServerMetrics?

    public init(serving: ServingState, metrics: ServerMetrics?) {
        self.serving = serving
        self.metrics = metrics
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        guard serving.isDraining else {
            return try await next(request, context)
        }
        metrics?.rejected(.grpc, reason: "draining")
        throw RPCError(code: .unavailable, message: ServingState.drainingMessage)
    }
}
