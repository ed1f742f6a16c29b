/// Failures of an engine or of loading a voice.
public enum EngineError: Error, Equatable, CustomStringConvertible {
    /// The engine's library could not start.
    case unavailable(String)
    /// A voice file is missing or malformed; the voice is skipped.
    case invalidVoice(path: String, reason: String)
    /// The engine failed while synthesising.
    case synthesisFailed(String)

    public var description: String {
        switch self {
        case .unavailable(let reason): "engine unavailable: \(reason)"
        case .invalidVoice(let path, let reason): "voice \(path) skipped: \(reason)"
        case .synthesisFailed(let reason): "synthesis failed: \(reason)"
        }
    }
}
