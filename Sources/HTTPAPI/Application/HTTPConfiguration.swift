import Operations
import Synthesis

/// What the HTTP surface needs to know beyond the synthesis service, with defaults in one place.
public struct HTTPConfiguration: Sendable {
    /// Origins allowed by CORS; `["*"]` (the default, the reference behaviour) allows every origin.
    public var corsOrigins: [String]
    /// Version string reported by `GET /` (semver of this server).
    public var version: String
    /// Largest request body in bytes, uploads included; larger bodies get 413. Defaults to the service's
    /// `Limits.maxBodyBytes` when built with ``init(limits:version:corsOrigins:)``.
    public var maxBodyBytes: Int
    /// Welcome text of `GET /`.
    public var welcomeMessage: String
    /// Keys a request must present (`Authorization: Bearer <key>` or `X-API-Key`); none = authentication off.
    /// `/health`, `/ready` and CORS preflights never need one.
    public var apiKeys = APIKeys()
    /// Whether `/metrics` needs a key too (`--metrics-auth`); by default it is open like the health checks.
    public var protectMetrics = false
    /// Where requests are counted; nil records nothing.
    public var metrics: ServerMetrics?
    /// Renders the metrics registry in the Prometheus text format for `GET /metrics`; nil = no such route.
    public var metricsExposition: (@Sendable () -> String)?
    /// Draining (shutdown begun) turns `/ready` negative and refuses new work with 503.
    public var serving = ServingState()

    public init(version: String, corsOrigins: [String] = ["*"], maxBodyBytes: Int = Limits().maxBodyBytes,
                welcomeMessage: String = "Welcome to the CosyVoice-compatible speech synthesis API") {
        self.version = version
        self.corsOrigins = corsOrigins
        self.maxBodyBytes = maxBodyBytes
        self.welcomeMessage = welcomeMessage
    }

    /// A configuration whose body limit is the service's.
    public init(limits: Limits, version: String, corsOrigins: [String] = ["*"]) {
        self.init(version: version, corsOrigins: corsOrigins, maxBodyBytes: limits.maxBodyBytes)
    }
}
