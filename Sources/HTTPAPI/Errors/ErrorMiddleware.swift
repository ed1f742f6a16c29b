import Hummingbird
import Synthesis

/// Turns every error a middleware or route throws into its answer from the one table, ``HTTPFailure``, and
/// logs what a client must not see. Under `/v1/` the answer takes OpenAI's error shape.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = CosyVoiceRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let failure = HTTPFailure(error, maxBodyBytes: context.maxUploadSize)
            switch failure {
            case .synthesis(let error):
                context.record.noteFailure(error)
                if case .internalFailure(let reason) = error {
                    context.logger.error("synthesis failed", metadata: ["reason": "\(reason)"])
                }
            case .internalError:
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            default:
                break
            }
            return request.uri.path.hasPrefix(OpenAIAPI.pathPrefix) ? failure.openAIResponse : failure.response
        }
    }
}
