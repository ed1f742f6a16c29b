import Hummingbird
import Logging

/// First in the chain: applies the body limit to the context and writes one line per request when it ends,
/// which for audio is after the last byte (request id, route, status, mode, speaker, text length, audio
/// seconds, time to first byte, total time).
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = CosyVoiceRequestContext
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.maxUploadSize = maxBodyBytes
        let record = RequestRecord()
        context.record = record
        let logger = context.logger
        let route = "\(request.method) \(request.uri.path)"
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            Self.log(logger, route: route, status: "error", record: record)
            throw error
        }
        let status = String(response.status.code)
        guard record.isStreaming else {
            Self.log(logger, route: route, status: status, record: record)
            return response
        }
        let body = response.body
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            do {
                try await body.write(writer)
                Self.log(logger, route: route, status: status, record: record)
            } catch {
                record.noteFailure(error)
                Self.log(logger, route: route, status: "\(status) aborted", record: record)
                throw error
            }
        }
        return response
    }

    private static func log(_ logger: Logger, route: String, status: String, record: RequestRecord) {
        var metadata: Logger.Metadata = ["route": "\(route)", "status": "\(status)"]
        for (key, value) in record.metadata() { metadata[key] = "\(value)" }
        logger.info("request", metadata: metadata)
    }
}
