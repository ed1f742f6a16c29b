import HTTPTypes
import Hummingbird
import Operations

/// Refuses requests without a configured API key (``HTTPFailure/unauthorized``) when authentication is on. The key
/// comes from `Authorization: Bearer <key>` or `X-API-Key: <key>`. Health checks, CORS preflights (`OPTIONS`),
/// the web page's static files (``WebPage``: the page asks for the key), the OpenAPI document and its page and,
/// unless protected, `/metrics` stay open so probes and browsers work without one.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = CosyVoiceRequestContext
    let keys: APIKeys
    let openPaths: Set<String>

    init(keys: APIKeys, protectMetrics: Bool) {
        self.keys = keys
        let open = HealthRoutes.probePaths.union(SwaggerUI.openPaths)
        openPaths = protectMetrics ? open : open.union([HealthRoutes.metricsPath])
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard keys.isEnabled, request.method != .options, !openPaths.contains(request.uri.path),
              !(request.method == .get && WebPage.serves(request.uri.path)) else {
            return try await next(request, context)
        }
        let presented = request.headers[.authorization].flatMap(APIKeys.bearerToken) ?? request.headers[.apiKey]
        guard keys.accepts(presented) else { throw HTTPFailure.unauthorized }
        return try await next(request, context)
    }
}

