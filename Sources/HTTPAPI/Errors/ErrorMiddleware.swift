import Foundation
import Hummingbird
import NIOCore
import Synthesis

/// Turns every error a route throws into the JSON the contract promises (api.md §4): FastAPI's 422 list for
/// request-shape problems, `{"detail": "…"}` for everything else, and nothing internal in a 500.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = CosyVoiceRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as SynthesisError {
            context.record.noteFailure(error)
            if case .internalFailure(let reason) = error {
                context.logger.error("synthesis failed", metadata: ["reason": "\(reason)"])
            }
            let (status, detail, headers) = error.httpResponse
            return Response.json(["detail": detail], status: status, headers: headers)
        } catch let error as ValidationFailure {
            return Response.json(["detail": error.items], status: .unprocessableContent)
        } catch let error as BodyParseError {
            return Response.json(["detail": error.detail], status: .badRequest)
        } catch let error as BodyTimeout {
            return Response.json(["detail": error.detail], status: .requestTimeout, headers: [.connection: "close"])
        } catch is NIOTooManyBytesError {
            return Response.json(["detail": "request body is larger than the limit of \(context.maxUploadSize) bytes"], status: .contentTooLarge)
        } catch let error as HTTPError {
            // Router errors: 404 for unknown paths, 405 for a known path with another method.
            return Response.json(["detail": error.body ?? error.status.reasonPhrase], status: error.status, headers: error.headers)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return Response.json(["detail": "internal error"], status: .internalServerError)
        }
    }
}
