import GRPCCore
import Logging
import Synthesis

extension RPCError {
    /// The one table from the service's errors to gRPC status codes (api.md §5).
    static func code(for error: SynthesisError) -> RPCError.Code {
        switch error {
        case .invalidInput, .unsupported, .limitExceeded: .invalidArgument
        case .unknownSpeaker: .notFound
        case .overloaded: .resourceExhausted
        case .cancelled: .cancelled
        case .timedOut: .deadlineExceeded
        case .internalFailure: .internalError
        }
    }

    /// A status for `error` whose message is written for the client; an internal failure's details go to
    /// `logger` only.
    init(_ error: SynthesisError, logger: Logger? = nil) {
        if case .internalFailure(let details) = error {
            logger?.error("gRPC inference failed", metadata: ["error": "\(details)"])
        }
        self.init(code: Self.code(for: error), message: error.description)
    }
}
