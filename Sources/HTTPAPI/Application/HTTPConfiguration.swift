import Foundation
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
    /// Seconds a request body may take to arrive; slower bodies get 408 (`--body-timeout`).
    public var bodyTimeout = HTTPConfiguration.defaultBodyTimeout
    public static let defaultBodyTimeout = 60.0
    /// Rate of the raw PCM the form API sends when the request names none (`--raw-pcm-rate`): the reference
    /// clients save it as 22050 Hz without reading any header.
    public var rawPCMRate = RawPCMRate.reference
    /// Tells streamed responses that their client went away.
    public var connectionWatch = ConnectionWatch()
    /// Welcome text of `GET /`.
    public var welcomeMessage: String
    /// Keys a request must present (`Authorization: Bearer <key>` or `X-API-Key`); none = authentication off.
    /// `/health`, `/ready` and CORS preflights never need one.
    public var apiKeys = APIKeys()
    /// Whether `/metrics` needs a key too when keys are configured: yes by default (it tells request volumes
    /// and speaker use); `--metrics-open` leaves it open like the health checks.
    public var protectMetrics = true
    /// Where requests are counted; nil records nothing.
    public var metrics: ServerMetrics?
    /// Renders the metrics registry in the Prometheus text format for `GET /metrics`; nil = no such route.
    public var metricsExposition: (@Sendable () -> String)?
    /// OpenAI voice names → speaker ids for `/v1/audio/speech` (defaults overlaid by `voices.yaml`).
    public var openAIVoices = OpenAIVoices()
    /// Where the Swagger UI files of `GET /docs` are (`--docs-assets-dir`); `scripts/setup` installs them.
    public var docsAssetsDirectory = HTTPConfiguration.defaultDocsAssetsDirectory
    public static let defaultDocsAssetsDirectory = SwaggerUI.defaultDirectory
    /// Draining (shutdown begun) turns `/ready` negative and refuses new work with 503.
    public var serving = ServingState()

    /// Every origin, as the reference server allows.
    public static let defaultCORSOrigins = ["*"]

    public init(version: String, corsOrigins: [String] = HTTPConfiguration.defaultCORSOrigins, maxBodyBytes: Int = Limits().maxBodyBytes,
                welcomeMessage: String = "Welcome to the CosyVoice-compatible speech synthesis API") {
        self.version = version
        self.corsOrigins = corsOrigins
        self.maxBodyBytes = maxBodyBytes
        self.welcomeMessage = welcomeMessage
    }

    /// A configuration whose body limit is the service's.
    public init(limits: Limits, version: String, corsOrigins: [String] = HTTPConfiguration.defaultCORSOrigins) {
        self.init(version: version, corsOrigins: corsOrigins, maxBodyBytes: limits.maxBodyBytes)
    }
}
