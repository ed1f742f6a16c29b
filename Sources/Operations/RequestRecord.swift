import Foundation
import Logging
import Synchronization
import Synthesis

/// What one request or call did, on either surface: filled in by the route or RPC handler and by the
/// streaming loop, read once at the end for the request's log line and its metrics.
public final class RequestRecord: Sendable {
    struct Fields {
        var mode: String?
        var speaker: String?
        var textLength: Int?
        var audioSeconds = 0.0
        var firstByte: ContinuousClock.Instant?
        var streaming = false
        var failure: String?
        var cause: SynthesisError?
    }

    /// The surface the request came through.
    public let surface: ServerMetrics.Surface
    /// When the request arrived; its deadline counts from here.
    public let start = ContinuousClock.now
    private let fields = Mutex(Fields())

    public init(surface: ServerMetrics.Surface) {
        self.surface = surface
    }

    /// The request as decoded: mode, speaker and text length for the log line.
    public func note(_ request: SynthesisRequest) {
        fields.withLock {
            $0.mode = request.mode.name
            $0.textLength = request.text.count
            switch request.mode {
            case .sft(let id), .instruct(let id, _): $0.speaker = id
            case .zeroShot(_, .speaker(let id)), .crossLingual(.speaker(let id)), .instruct2(_, .speaker(let id)): $0.speaker = id
            default: break
            }
        }
    }

    /// The mode as the route knows it before the body is read, so a refusal at admission is counted by mode.
    public func note(mode: String) { fields.withLock { $0.mode = mode } }

    /// The first chunk exists and the status went out: a failure from now on breaks the stream.
    public func noteStreaming() { fields.withLock { $0.streaming = true } }

    /// Seconds of audio encoded for the wire.
    public func noteAudio(seconds: Double) { fields.withLock { $0.audioSeconds += seconds } }

    /// Audio bytes were written to the client; the first call sets the time to first byte.
    public func noteFirstByte() {
        fields.withLock { if $0.firstByte == nil { $0.firstByte = .now } }
    }

    /// Why the request failed. A stream that broke because its client went away counts as cancelled.
    public func noteFailure(_ error: any Error) {
        fields.withLock {
            $0.failure = "\(error)"
            $0.cause = error as? SynthesisError ?? ($0.streaming ? .cancelled : nil)
        }
    }

    /// The service's reason for the failure, if it gave one.
    public var cause: SynthesisError? { fields.withLock { $0.cause } }

    public var isStreaming: Bool { fields.withLock { $0.streaming } }

    /// The request as the metrics record it, ending now.
    public func completed(route: String, status: String) -> CompletedRequest {
        let now = ContinuousClock.now
        return fields.withLock { fields in
            CompletedRequest(surface: surface, route: route, mode: fields.mode, status: status, duration: now - start,
                             timeToFirstByte: fields.firstByte.map { $0 - start }, audioSeconds: fields.audioSeconds,
                             streamed: fields.streaming, failure: fields.cause)
        }
    }

    /// Writes the request's one log line: route, status, mode, speaker, text length, audio seconds, time to
    /// first byte and total in ms, and the failure if any. Values a client controls are escaped by the log
    /// handlers.
    public func log(to logger: Logger, route: String, status: String) {
        var metadata: Logger.Metadata = ["surface": "\(surface.rawValue)", "route": "\(route)", "status": "\(status)"]
        for (key, value) in self.metadata() { metadata[key] = "\(value)" }
        logger.info("request", metadata: metadata)
    }

    /// Log metadata: mode, speaker, text length, audio seconds, time to first byte and total, in ms.
    func metadata() -> [String: String] {
        let now = ContinuousClock.now
        return fields.withLock { fields in
            var out: [String: String] = ["total_ms": Self.milliseconds(now - start)]
            if let mode = fields.mode { out["mode"] = mode }
            if let speaker = fields.speaker { out["speaker"] = speaker }
            if let length = fields.textLength { out["text_chars"] = String(length) }
            if fields.streaming { out["audio_s"] = String(format: "%.2f", fields.audioSeconds) }
            if let first = fields.firstByte { out["ttfb_ms"] = Self.milliseconds(first - start) }
            if let failure = fields.failure { out["failure"] = failure }
            return out
        }
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}
