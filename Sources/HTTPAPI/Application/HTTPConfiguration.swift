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
