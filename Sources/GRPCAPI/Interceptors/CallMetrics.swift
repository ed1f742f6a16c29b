import GRPCCore
import Operations
import Synthesis

/// Outermost interceptor: records every call in ``ServerMetrics`` the way the HTTP surface records requests —
/// route (the RPC path), mode, final status code, time to first audio, total time, audio seconds — once its
/// response stream has ended.
public struct CallMetrics: ServerInterceptor {
    let metrics: ServerMetrics
    let scheduler: Scheduler

    public init(metrics: ServerMetrics, scheduler: Scheduler) {
        self.metrics = metrics
        self.scheduler = scheduler
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let record = CallRecord()
        let route = "/" + context.descriptor.fullyQualifiedMethod
        let (metrics, scheduler) = (self.metrics, self.scheduler)
        let finish: @Sendable ((any Error)?) -> Void = { error in
            let code = error.map(Self.statusName) ?? "OK"
            // RESOURCE_EXHAUSTED the service did not raise came from the concurrent call limit.
            if code == "RESOURCE_EXHAUSTED", record.cause == nil { metrics.rejected(.grpc, reason: "too_many_calls") }
            metrics.record(record.completed(route: route, status: code))
            metrics.sample(scheduler)
        }
        var response: StreamingServerResponse<Output>
        do {
            response = try await CallRecord.$current.withValue(record) { try await next(request, context) }
        } catch {
            finish(error)
            throw error
        }
        switch response.accepted {
        case .failure(let error):
            finish(error)
        case .success(var contents):
            metrics.sample(scheduler)
            let producer = contents.producer
            contents.producer = { writer in
                do {
                    let trailers = try await CallRecord.$current.withValue(record) { try await producer(writer) }
                    finish(nil)
                    return trailers
                } catch {
                    finish(error)
                    throw error
                }
            }
            response.accepted = .success(contents)
        }
        return response
    }

    /// The canonical status name of an error as gRPC reports it: "INVALID_ARGUMENT", "UNAUTHENTICATED"…
    static func statusName(_ error: any Error) -> String {
        let code = (error as? RPCError)?.code ?? (error is CancellationError ? .cancelled : .unknown)
        var name = ""
        for character in String(describing: code) {
            if character.isUppercase { name += "_" }
            name += character.uppercased()
        }
        return name
    }
}
