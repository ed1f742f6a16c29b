import Hummingbird
import Synthesis

/// The whole HTTP surface: the general JSON API, speakers, the basic form API, OpenAI's speech API, the web
/// page, health checks and metrics, the OpenAPI document and its page, CORS, API keys, draining, error mapping
/// and request logs.
///
/// Middleware order matters: the log/metrics record wraps everything; CORS answers preflights before the
/// key check and decorates every answer, error answers included; the error table turns whatever the key
/// check, the drain gate and the routes throw into its answer; the key check runs before any body is read;
/// draining refuses new work.
///
/// - Parameters:
///   - service: the synthesis service every route calls
///   - configuration: CORS origins, version string, body limit, keys, metrics, serving state
public func makeRouter(service: SynthesisService, configuration: HTTPConfiguration) -> Router<CosyVoiceRequestContext> {
    let router = Router(context: CosyVoiceRequestContext.self)
    router.add(middleware: RequestLogMiddleware(configuration: configuration, scheduler: service.scheduler))
    router.add(middleware: CORSPolicy(origins: configuration.corsOrigins))
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: APIKeyMiddleware(keys: configuration.apiKeys, protectMetrics: configuration.protectMetrics))
    router.add(middleware: DrainGate(serving: configuration.serving, metrics: configuration.metrics))
    HealthRoutes(service: service, configuration: configuration).register(on: router)
    GeneralAPI(service: service, configuration: configuration).register(on: router)
    SpeakersAPI(service: service).register(on: router)
    FormAPI(service: service, rawPCMRate: configuration.rawPCMRate).register(on: router)
    OpenAIAPI(service: service, configuration: configuration).register(on: router)
    WebPage.bundled.register(on: router)
    // Last: the document lists the routes registered before it.
    let document = OpenAPIDocument(version: configuration.version, limits: service.limits, maxBodyBytes: configuration.maxBodyBytes,
                                   builtInSpeakers: service.catalog.speakerIDs, openAIVoices: configuration.openAIVoices.table.keys.sorted(),
                                   protectMetrics: configuration.protectMetrics)
    APIDocsRoutes(document: document, swaggerUI: SwaggerUI(directory: configuration.docsAssetsDirectory)).register(on: router)
    return router
}
