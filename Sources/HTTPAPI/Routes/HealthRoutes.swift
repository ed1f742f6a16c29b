import Hummingbird
import Operations
import Synthesis

/// `GET /health` (the process answers), `GET /ready` (voices loaded, store open, not draining; 503 when not)
/// and `GET /metrics` (Prometheus text format).
struct HealthRoutes {
    /// Paths that never need an API key and keep answering while draining.
    static let probePaths: Set<String> = ["/health", "/ready"]
    static let metricsPath = "/metrics"

    let service: SynthesisService
    let configuration: HTTPConfiguration

    func register(on router: Router<CosyVoiceRequestContext>) {
        router.get("/health") { _, _ in
            Response.json(["status": "ok"])
        }
        let (service, serving) = (self.service, configuration.serving)
        router.get("/ready") { _, _ in
            let readiness = await serving.readiness(of: service)
            return Response.json(readiness, status: HTTPFailure.readinessStatus(ready: readiness.ready))
        }
        if let exposition = configuration.metricsExposition {
            let metrics = configuration.metrics
            router.get(RouterPath(Self.metricsPath)) { _, _ in
                metrics?.sample(service.scheduler)
                return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                                body: ResponseBody(byteBuffer: ByteBuffer(string: exposition())))
            }
        }
    }
}
