import GRPCCore
import Logging
import Operations
import Synthesis

/// Outermost interceptor: gives every call a ``RequestRecord`` (the handler finds it in ``currentRecord``)
/// and, once the call's response stream has ended, writes its log line and records its metrics the way the
/// HTTP surface does. A streaming response counts as in flight until its last message, so a drain waits for
/// it.
public struct CallLog: ServerInterceptor {
    @TaskLocal static var currentRecord: RequestRecord?

    let metrics: ServerMetrics?
    let scheduler: Scheduler
    let serving: ServingState
    let logger: Logger

    public init(metrics: ServerMetrics?, scheduler: Scheduler, serving: ServingState, logger: Logger) {
        self.metrics = metrics
        self.scheduler = scheduler
        self.serving = serving
        self.logger = logger
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let record = RequestRecord(surface: .grpc)
        let route = "/" + context.descriptor.fullyQualifiedMethod
        let (metrics, scheduler, logger) = (self.metrics, self.scheduler, self.logger)
        let finish: @Sendable ((any Error)?) -> Void = { error in
            let status = error.map(Self.statusName) ?? "OK"
            if let error { Self.note(error, in: record, metrics: metrics, logger: logger) }
            record.log(to: logger, route: route, status: status)
            metrics?.record(record.completed(route: route, status: status))
            metrics?.sample(scheduler)
        }
        var response: StreamingServerResponse<Output>
        do {
            response = try await Self.$currentRecord.withValue(record) { try await next(request, context) }
        } catch {
            finish(error)
            throw error
        }
        switch response.accepted {
        case .failure(let error):
            finish(error)
        case .success(var contents):
            metrics?.sample(scheduler)
            let inFlight = StreamedResponse(serving: serving) { finish(SynthesisError.cancelled) }
            let producer = contents.producer
            contents.producer = { writer in
                do {
                    let trailers = try await Self.$currentRecord.withValue(record) { try await producer(writer) }
                    inFlight.end { finish(nil) }
                    return trailers
                } catch {
                    inFlight.end { finish(error) }
                    throw error
                }
            }
            response.accepted = .success(contents)
        }
        return response
    }

    /// Records why a call failed, from the error behind its status.
    private static func note(_ error: any Error, in record: RequestRecord, metrics: ServerMetrics?, logger: Logger) {
        let cause = (error as? RPCError)?.cause ?? error
        switch cause {
        case let failure as SynthesisError:
            record.noteFailure(failure)
            if case .internalFailure(let reason) = failure {
                logger.error("synthesis failed", metadata: ["reason": "\(reason)"])
            }
        case let refusal as CallRefusal:
            record.noteFailure(refusal)
            if let reason = refusal.rejectionReason { metrics?.rejected(.grpc, reason: reason) }
        default:
            record.noteFailure(cause)
        }
    }

    /// The canonical status name of an error as gRPC reports it: "INVALID_ARGUMENT", "UNAUTHENTICATED"…
    static func statusName(_ error: any Error) -> String {
        let code = (error as? RPCError)?.code ?? (error as? any RPCErrorConvertible)?.rpcErrorCode
            ?? (error is CancellationError ? .cancelled : .unknown)
        var name = ""
        for character in String(describing: code) {
            if character.isUppercase { name += "_" }
            name += character.uppercased()
        }
        return name
    }
}
