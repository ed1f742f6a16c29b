import Hummingbird
import Operations

/// Once a shutdown has begun, refuses new work (``HTTPFailure/draining``: 503 and `Connection: close`), so load
/// balancers move on while in-flight streams finish; the health checks and metrics keep answering.
struct DrainGate: RouterMiddleware {
    typealias Context = CosyVoiceRequestContext
    let serving: ServingState
    let metrics: ServerMetrics?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard serving.isDraining, !HealthRoutes.probePaths.union([HealthRoutes.metricsPath]).contains(request.uri.path) else {
            return try await next(request, context)
        }
        metrics?.rejected(.http, reason: "draining")
        throw HTTPFailure.draining
    }
}
