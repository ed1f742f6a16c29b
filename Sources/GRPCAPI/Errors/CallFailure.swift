import GRPCCore
import Operations
import Synthesis

/// The one table of the gRPC surface: every status code a call can end with other than OK. Errors carry their
/// own mapping (`RPCErrorConvertible`), so handlers and interceptors just throw them and grpc-swift sends the
/// status; the original error stays the status's `cause`, which is how ``CallLog`` tells them apart.
extension SynthesisError: RPCErrorConvertible {
    public var rpcErrorCode: RPCError.Code {
        switch self {
        case .invalidInput, .unsupported, .limitExceeded: .invalidArgument
        case .unknownSpeaker, .notFound: .notFound
        case .overloaded: .resourceExhausted
        case .cancelled: .cancelled
        case .timedOut: .deadlineExceeded
        case .unavailable: .unavailable
        case .backendUnavailable: .unavailable
        case .internalFailure: .internalError
        }
    }

    /// Written for people; an internal failure's details are logged, never sent.
    public var rpcErrorMessage: String { description }
}

/// A call refused before the CosyVoice service saw it.
public enum CallRefusal: Error, Sendable, Equatable, RPCErrorConvertible {
    /// No accepted API key in the `authorization` metadata.
    case unauthenticated
    /// A shutdown has begun; clients retry on another instance.
    case draining
    /// `--max-conc` calls are in flight already.
    case tooManyCalls(maximum: Int)
    /// A health check for a service this server does not serve.
    case unknownService(String)

    public var rpcErrorCode: RPCError.Code {
        switch self {
        case .unauthenticated: .unauthenticated
        case .draining: .unavailable
        case .tooManyCalls: .resourceExhausted
        case .unknownService: .notFound
        }
    }

    public var rpcErrorMessage: String {
        switch self {
        case .unauthenticated: APIKeys.refusal
        case .draining: ServingState.drainingMessage
        case .tooManyCalls(let maximum): "the server already serves \(maximum) concurrent calls; retry later"
        case .unknownService(let name): "unknown service '\(name)'"
        }
    }

    /// The `cosyvoice_rejected_total` reason this refusal counts under; nil when it is not a rejection of work.
    var rejectionReason: String? {
        switch self {
        case .draining: "draining"
        case .tooManyCalls: "too_many_calls"
        case .unauthenticated, .unknownService: nil
        }
    }
}
