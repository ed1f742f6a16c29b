import Operations
import Synchronization
import Synthesis

/// What one gRPC call did, for its metrics: the interceptor makes one per call and the service fills it in
/// through the task-local ``current`` (the RPC handler runs inside the interceptor's tasks).
final class CallRecord: Sendable {
    @TaskLocal static var current: CallRecord?

    struct Fields {
        var mode: String?
        var firstByte: ContinuousClock.Instant?
        var audioSeconds = 0.0
        var streaming = false
        var cause: SynthesisError?
    }

    let start = ContinuousClock.now
    private let fields = Mutex(Fields())

    func note(mode: String) { fields.withLock { $0.mode = mode } }
    func noteStreaming() { fields.withLock { $0.streaming = true } }
    func noteFailure(_ error: SynthesisError) { fields.withLock { $0.cause = error } }

    func noteAudio(seconds: Double) {
        fields.withLock {
            $0.audioSeconds += seconds
            if $0.firstByte == nil { $0.firstByte = .now }
        }
    }

    var cause: SynthesisError? { fields.withLock { $0.cause } }

    func completed(route: String, status: String) -> CompletedRequest {
        let now = ContinuousClock.now
        return fields.withLock { fields in
            CompletedRequest(surface: .grpc, route: route, mode: fields.mode, status: status, duration: now - start,
                             timeToFirstByte: fields.firstByte.map { $0 - start }, audioSeconds: fields.audioSeconds,
                             streamed: fields.streaming, failure: fields.cause)
        }
    }
}
