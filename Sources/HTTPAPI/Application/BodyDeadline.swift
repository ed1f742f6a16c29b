import Hummingbird
import Synthesis

/// How long a request's body may take to arrive (`--body-timeout`): a client that trickles its body, or
/// announces one and never sends it, is answered 408 and its connection closed, instead of holding an admitted
/// request's place for the whole request timeout.
struct BodyDeadline: Sendable {
    /// Seconds, e.g. 60.
    let seconds: Double

    /// The request's fields, read within the deadline.
    func fields(of request: Request, context: CosyVoiceRequestContext) async throws -> RequestFields {
        do {
            return try await RequestDeadline(seconds: seconds).run { try await RequestFields.decode(from: request, context: context) }
        } catch SynthesisError.timedOut {
            throw HTTPFailure.bodyTimeout(seconds: seconds)
        }
    }
}
