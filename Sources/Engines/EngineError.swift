/// Failures of an engine or of loading a voice.
public enum EngineError: Error, Equatable, CustomStringConvertible {
    /// The engine's library could not start.
    case unavailable(String)
    /// A voice file is missing or malformed; the voice is skipped.
    case invalidVoice(path: String, reason: String)
    /// The engine failed while synthesising.
    case synthesisFailed(String)
    /// A remote backend cannot be reached, has no ready model, or stopped answering.
    case backendUnavailable(String)
    /// A remote backend has as many requests in flight as it is allowed.
    case backendBusy(String)

    public var description: String {
        switch self {
        case .unavailable(let reason): "engine unavailable: \(reason)"
        case .invalidVoice(let path, let reason): "voice \(path) skipped: \(reason)"
        case .synthesisFailed(let reason): "synthesis failed: \(reason)"
        case .backendUnavailable(let reason): "backend unavailable: \(reason)"
        case .backendBusy(let reason): "backend busy: \(reason)"
        }
    }
}
