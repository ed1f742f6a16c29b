import Hummingbird
import Logging
import Operations
import Synthesis

/// First in the chain: applies the body limit to the context and, when a request ends — for audio after the
/// last byte — writes its log line and records its metrics from the request's ``RequestRecord``.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = CosyVoiceRequestContext
    let configuration: HTTPConfiguration
    let scheduler: Scheduler

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.maxUploadSize = configuration.maxBodyBytes
        context.bodyDeadline = BodyDeadline(seconds: configuration.bodyTimeout)
        context.connectionWatch = configuration.connectionWatch
        let record = RequestRecord(surface: .http)
        context.record = record
        let logger = context.logger
        let route = "\(request.method) \(request.uri.path)"
        // The matched route's template (set by the router into a box the context shares), so metrics labels
        // stay few whatever paths clients try.
        let endpoint = context.coreContext.endpointPath
        let (metrics, scheduler) = (configuration.metrics, self.scheduler)
        let finish: @Sendable (String, String) -> Void = { logStatus, status in
            record.log(to: logger, route: route, status: logStatus)
            metrics?.record(record.completed(route: endpoint.value ?? "unmatched", status: status))
            metrics?.sample(scheduler)
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            finish("error", "500")
            throw error
        }
        let status = String(response.status.code)
        guard record.isStreaming else {
            finish(status, status)
            return response
        }
        metrics?.sample(scheduler)
        let body = response.body
        let inFlight = StreamedResponse(serving: configuration.serving) { finish("\(status) aborted before the head", "499") }
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            do {
                try await body.write(writer)
                inFlight.end { finish(status, status) }
            } catch {
                record.noteFailure(error)
                inFlight.end { finish("\(status) aborted", status) }
                throw error
            }
        }
        return response
    }
}
