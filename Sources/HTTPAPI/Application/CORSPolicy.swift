import HTTPTypes
import Hummingbird

/// Hummingbird's CORS middleware for a configured origin list: `*` allows every origin (the default and the
/// reference behaviour); otherwise a request whose `Origin` is listed gets that origin echoed back, and any
/// other origin gets no CORS headers, which browsers treat as a refusal.
struct CORSPolicy: RouterMiddleware {
    typealias Context = CosyVoiceRequestContext
    private let allowedOrigins: Set<String>?
    private let cors: CORSMiddleware<Context>

    init(origins: [String]) {
        allowedOrigins = origins.contains("*") ? nil : Set(origins)
        cors = CORSMiddleware(
            allowOrigin: allowedOrigins == nil ? .all : .originBased,
            allowHeaders: [.accept, .authorization, .contentType, .origin, .apiKey],
            allowMethods: [.get, .post, .options],
            exposedHeaders: HTTPField.Name.exposedToScripts.map(\.rawName)
        )
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let allowedOrigins, !allowedOrigins.contains(request.headers[.origin] ?? "") {
            return try await next(request, context)
        }
        return try await cors.handle(request, context: context, next: next)
    }
}
