import Hummingbird
import Synthesis

/// The whole HTTP surface: the general JSON API, the basic form API, CORS, error mapping and request logs.
///
/// - Parameters:
///   - service: the synthesis service every route calls
///   - configuration: CORS origins, version string, body limit
public func makeRouter(service: SynthesisService, configuration: HTTPConfiguration) -> Router<CosyVoiceRequestContext> {
    let router = Router(context: CosyVoiceRequestContext.self)
    router.add(middleware: RequestLogMiddleware(maxBodyBytes: configuration.maxBodyBytes))
    router.add(middleware: CORSPolicy(origins: configuration.corsOrigins))
    router.add(middleware: ErrorMiddleware())
    GeneralAPI(service: service, configuration: configuration).register(on: router)
    FormAPI(service: service).register(on: router)
    return router
}
