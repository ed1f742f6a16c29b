import Operations
import Synchronization
import Synthesis

/// What one request did, filled in by the route and the audio writer, read once for the request's log line.
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

    let start = ContinuousClock.now
    private let fields = Mutex(Fields())

    public init() {}

    func note(_ request: SynthesisRequest) {
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
    func note(mode: String) { fields.withLock { $0.mode = mode } }

    func noteStreaming() { fields.withLock { $0.streaming = true } }

    func noteAudio(seconds: Double) { fields.withLock { $0.audioSeconds += seconds } }

    func noteFirstByte() {
        fields.withLock { if $0.firstByte == nil { $0.firstByte = .now } }
    }

    func noteFailure(_ error: any Error) {
        fields.withLock {
            $0.failure = "\(error)"
            // A stream that broke because its client went away counts as cancelled.
            $0.cause = error as? SynthesisError ?? ($0.streaming ? .cancelled : nil)
        }
    }

    /// The request as the metrics record it, ending now.
    func completed(route: String, status: String) -> CompletedRequest {
        let now = ContinuousClock.now
        return fields.withLock { fields in
            CompletedRequest(surface: .http, route: route, mode: fields.mode, status: status, duration: now - start,
                             timeToFirstByte: fields.firstByte.map { $0 - start }, audioSeconds: fields.audioSeconds,
                             streamed: fields.streaming, failure: fields.cause)
        }
    }

    var isStreaming: Bool { fields.withLock { $0.streaming } }

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
