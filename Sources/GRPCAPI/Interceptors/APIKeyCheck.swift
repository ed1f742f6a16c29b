import GRPCCore
import Operations

/// When authentication is on, refuses calls without a configured key in their `authorization` metadata
/// (`Bearer <key>`) with UNAUTHENTICATED, before the handler runs. Which services it guards is stated where it
/// is registered.
public struct APIKeyCheck: ServerInterceptor {
    let keys: APIKeys

    public init(keys: APIKeys) {
        self.keys = keys
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        guard keys.isEnabled else {
            return try await next(request, context)
        }
        let presented = request.metadata[stringValues: "authorization"].first(where: { _ in true }).flatMap(APIKeys.bearerToken)
        guard keys.accepts(presented) else {
            throw CallRefusal.unauthenticated
        }
        return try await next(request, context)
    }
}
