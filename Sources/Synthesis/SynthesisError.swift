/// Everything that can go wrong with a request, for every surface. Each surface maps these to its statuses
/// in one table; messages are written for people.
public enum SynthesisError: Error, Equatable, CustomStringConvertible {
    /// A field is present and well-formed but unusable (empty text, speed out of range, bad audio…).
    case invalidInput(field: String, message: String)
    /// No built-in or cloned speaker has this id.
    case unknownSpeaker(String)
    /// What the request acts on does not exist as something it may act on (deleting an unknown id, or a
    /// built-in speaker); the message says which.
    case notFound(String)
    /// The request asks for something the voice or server cannot do.
    case unsupported(String)
    /// A limit was exceeded (text length, number of speakers…).
    case limitExceeded(String)
    /// The server is at capacity; retry after the given number of seconds.
    case overloaded(retryAfter: Int)
    /// The request was cancelled by its client.
    case cancelled
    /// The request ran past its time limit (`Limits.requestTimeout`, in seconds); its synthesis was stopped.
    case timedOut(seconds: Double)
    /// Something the request needs is unreachable for now (the speaker store's database); another attempt,
    /// here or on another instance, may succeed. The message is for people and names no internals.
    case unavailable(String)
    /// The inference backend the request is routed to is down or stopped answering (HTTP 503, gRPC
    /// UNAVAILABLE); the message names the backend and why.
    case backendUnavailable(String)
    /// An unexpected failure; the message is logged, never sent to clients.
    case internalFailure(String)

    public var description: String {
        switch self {
        case .invalidInput(_, let message): message
        case .unknownSpeaker(let id): "unknown speaker '\(id)'"
        case .notFound(let message): message
        case .unsupported(let message): message
        case .limitExceeded(let message): message
        case .overloaded(let seconds): "server is at capacity; retry in \(seconds) s"
        case .cancelled: "request cancelled"
        case .timedOut(let seconds): "the request did not finish within the server's time limit of \(seconds.rounded() == seconds && seconds < 1e9 ? String(Int(seconds)) : String(seconds)) s"
        case .unavailable(let message): message
        case .backendUnavailable(let message): message
        case .internalFailure: "internal error"
        }
    }
}
