import Hummingbird
import Synthesis

extension SynthesisError {
    /// The one table from synthesis errors to HTTP: status, the `detail` a client reads, extra headers.
    /// Internal failures never show their message (it is logged instead).
    var httpResponse: (status: HTTPResponse.Status, detail: String, headers: HTTPFields) {
        switch self {
        case .invalidInput, .unknownSpeaker, .unsupported, .limitExceeded:
            (.badRequest, description, [:])
        case .overloaded(let seconds):
            (.tooManyRequests, description, [.retryAfter: String(seconds)])
        case .timedOut:
            (.serviceUnavailable, description, [:])
        case .cancelled:
            (.init(code: 499, reasonPhrase: "Client Closed Request"), description, [:])
        case .internalFailure:
            (.internalServerError, "internal error", [:])
        }
    }
}
