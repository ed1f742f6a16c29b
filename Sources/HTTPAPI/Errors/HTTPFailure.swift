import Foundation
import Hummingbird
import NIOCore
import Operations
import Synthesis

/// Every way an HTTP request can fail, and the one table that turns each into a status, headers and a JSON
/// body (api.md §4): FastAPI's 422 list for request-shape problems, `{"detail": "…"}` for everything else,
/// and nothing internal in a 500. Middlewares and routes throw; ``ErrorMiddleware`` answers from here.
enum HTTPFailure: Error, Sendable {
    /// What the synthesis service refused or failed with.
    case synthesis(SynthesisError)
    /// A missing field, a wrong type, malformed JSON (422, FastAPI's list).
    case validation(ValidationFailure)
    /// A body that cannot be parsed as its content type says (400).
    case malformedBody(String)
    /// The body did not arrive within `--body-timeout` seconds (408; the connection is closed).
    case bodyTimeout(seconds: Double)
    /// The body is larger than `--max-body-bytes` (413).
    case bodyTooLarge(limit: Int)
    /// No accepted API key (401).
    case unauthorized
    /// A shutdown has begun (503; the connection is closed so load balancers move on).
    case draining
    /// The router found no route for the path and method (404; Hummingbird answers a known path asked with
    /// another method the same way), or another `HTTPError` a router component raised.
    case routing(HTTPResponse.Status, message: String?, headers: HTTPFields)
    /// Anything else; its details are logged, never sent.
    case internalError

    /// The failure a thrown error stands for.
    /// - Parameter maxBodyBytes: the body limit, for the 413 message.
    init(_ error: any Error, maxBodyBytes: Int) {
        switch error {
        case let failure as HTTPFailure: self = failure
        case let error as SynthesisError: self = .synthesis(error)
        case let error as ValidationFailure: self = .validation(error)
        case let error as BodyParseError: self = .malformedBody(error.detail)
        case is NIOTooManyBytesError: self = .bodyTooLarge(limit: maxBodyBytes)
        case let error as HTTPError: self = .routing(error.status, message: error.body, headers: error.headers)
        default: self = .internalError
        }
    }

    /// The `detail` a client reads: a message, or FastAPI's list of validation items.
    enum Detail: Encodable, Equatable {
        case message(String)
        case items([ValidationFailure.Item])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .message(let message): try container.encode(message)
            case .items(let items): try container.encode(items)
            }
        }
    }

    /// The whole table: status, the `detail` a client reads, extra headers.
    var answer: (status: HTTPResponse.Status, detail: Detail, headers: HTTPFields) {
        switch self {
        case .synthesis(let error):
            switch error {
            case .invalidInput, .unknownSpeaker, .unsupported, .limitExceeded:
                (.badRequest, .message(error.description), [:])
            case .notFound:
                (.notFound, .message(error.description), [:])
            case .overloaded(let seconds):
                (.tooManyRequests, .message(error.description), [.retryAfter: String(seconds)])
            case .timedOut, .backendUnavailable:
                (.serviceUnavailable, .message(error.description), [:])
            case .unavailable:
                (.serviceUnavailable, .message(error.description), [.retryAfter: String(SynthesisError.unavailableRetryAfter)])
            case .cancelled:
                // Nobody reads it: the client has gone. Logs and metrics show it as nginx's 499.
                (Self.clientClosedRequest, .message(error.description), [:])
            case .internalFailure:
                (.internalServerError, .message(Self.internalMessage), [:])
            }
        case .validation(let failure):
            (.unprocessableContent, .items(failure.items), [:])
        case .malformedBody(let message):
            (.badRequest, .message(message), [:])
        case .bodyTimeout(let seconds):
            (.requestTimeout, .message("the request body did not arrive within \(seconds.formatted()) s"), [.connection: "close"])
        case .bodyTooLarge(let limit):
            (.contentTooLarge, .message("request body is larger than the limit of \(limit) bytes"), [:])
        case .unauthorized:
            (.unauthorized, .message(APIKeys.refusal), [.wwwAuthenticate: "Bearer"])
        case .draining:
            (.serviceUnavailable, .message(ServingState.drainingMessage), [.connection: "close", .retryAfter: String(ServingState.drainingRetryAfter)])
        case .routing(let status, let message, let headers):
            (status, .message(message ?? status.reasonPhrase), headers)
        case .internalError:
            (.internalServerError, .message(Self.internalMessage), [:])
        }
    }

    var response: Response {
        let (status, detail, headers) = answer
        return Response.json(["detail": detail], status: status, headers: headers)
    }

    /// What a 500 says; the cause goes to the log.
    static let internalMessage = "internal error"
    /// nginx's status for a client that closed the connection before the answer.
    static let clientClosedRequest = HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request")

    /// `GET /ready`'s status: 200 when ready, 503 otherwise (the body says why).
    static func readinessStatus(ready: Bool) -> HTTPResponse.Status {
        ready ? .ok : .serviceUnavailable
    }
}
