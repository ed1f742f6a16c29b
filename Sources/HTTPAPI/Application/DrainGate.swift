import Hummingbird
import Operations

/// Once a shutdown has begun, answers new work with 503 and `Connection: close`, so load balancers move on while
/// in-flight streams finish; the health checks and metrics keep answering.
struct DrainGate: RouterMiddleware {
    typealias Context = CosyVoiceRequestContext
    let serving: ServingState
    let metrics: ServerMetrics?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard serving.isDraining, !HealthRoutes.probePaths.union([HealthRoutes.metricsPath]).contains(request.uri.path) else {
            return try await next(request, context)
        }
        metrics?.rejected(.http, reason: "draining")
        return Response.json(["detail": ServingState.drainingMessage], status: .serviceUnavailable,
                             headers: [.connection: "close", .retryAfter: "1"])
    }
}
