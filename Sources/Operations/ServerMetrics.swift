import CoreMetrics
import Synthesis

/// The server's metrics, recorded the same way by both surfaces through one `MetricsFactory`.
///
/// The factory is passed in rather than taken from `MetricsSystem`, which can be bootstrapped once per
/// process: `serve` passes the factory it bootstrapped, and each test server its own registry's.
///
/// | Metric | Type | Labels |
/// |---|---|---|
/// | `cosyvoice_requests_total` | counter | surface, route, mode, status |
/// | `cosyvoice_time_to_first_byte_seconds` | histogram | surface, route |
/// | `cosyvoice_request_duration_seconds` | histogram | surface, route |
/// | `cosyvoice_audio_seconds_total` | counter | surface |
/// | `cosyvoice_real_time_factor` | histogram (processing ÷ audio seconds) | surface |
/// | `cosyvoice_queue_depth`, `cosyvoice_active_jobs` | gauges | — |
/// | `cosyvoice_rejected_total` | counter | surface, reason |
/// | `cosyvoice_cancelled_total`, `cosyvoice_timed_out_total`, `cosyvoice_engine_errors_total` | counters | surface |
public final class ServerMetrics: Sendable {
    /// Metric names, shared with whoever configures histogram buckets.
    public enum Name {
        public static let requests = "cosyvoice_requests_total"
        public static let timeToFirstByte = "cosyvoice_time_to_first_byte_seconds"
        public static let requestDuration = "cosyvoice_request_duration_seconds"
        public static let audioSeconds = "cosyvoice_audio_seconds_total"
        public static let realTimeFactor = "cosyvoice_real_time_factor"
        public static let queueDepth = "cosyvoice_queue_depth"
        public static let activeJobs = "cosyvoice_active_jobs"
        public static let rejected = "cosyvoice_rejected_total"
        public static let cancelled = "cosyvoice_cancelled_total"
        public static let timedOut = "cosyvoice_timed_out_total"
        public static let engineErrors = "cosyvoice_engine_errors_total"
    }

    /// Which API a request came through.
    public enum Surface: String, Sendable {
        case http, grpc
    }

    private let factory: any MetricsFactory
    private let queueDepth: Gauge
    private let activeJobs: Gauge

    public init(factory: any MetricsFactory) {
        self.factory = factory
        queueDepth = Gauge(label: Name.queueDepth, dimensions: [], factory: factory)
        activeJobs = Gauge(label: Name.activeJobs, dimensions: [], factory: factory)
        // Failure counters exist from the start, so a scrape shows 0 rather than nothing.
        for surface in [Surface.http, .grpc] {
            for name in [Name.cancelled, Name.timedOut, Name.engineErrors] {
                Counter(label: name, dimensions: [("surface", surface.rawValue)], factory: factory).increment(by: 0)
            }
            FloatingPointCounter(label: Name.audioSeconds, dimensions: [("surface", surface.rawValue)], factory: factory).increment(by: 0)
            Counter(label: Name.rejected, dimensions: [("surface", surface.rawValue), ("reason", "overloaded")], factory: factory).increment(by: 0)
        }
    }

    /// One finished request, whatever its outcome.
    public func record(_ request: CompletedRequest) {
        let surface = request.surface.rawValue
        Counter(label: Name.requests, dimensions: [("surface", surface), ("route", request.route), ("mode", request.mode ?? "none"),
                                                   ("status", request.status)], factory: factory).increment()
        let routeDimensions = [("surface", surface), ("route", request.route)]
        Timer(label: Name.requestDuration, dimensions: routeDimensions, factory: factory).recordNanoseconds(Self.nanoseconds(request.duration))
        if let firstByte = request.timeToFirstByte {
            Timer(label: Name.timeToFirstByte, dimensions: routeDimensions, factory: factory).recordNanoseconds(Self.nanoseconds(firstByte))
        }
        if request.audioSeconds > 0 {
            FloatingPointCounter(label: Name.audioSeconds, dimensions: [("surface", surface)], factory: factory).increment(by: request.audioSeconds)
            if request.failure == nil {
                let seconds = Double(request.duration.components.seconds) + Double(request.duration.components.attoseconds) * 1e-18
                Recorder(label: Name.realTimeFactor, dimensions: [("surface", surface)], aggregate: true, factory: factory)
                    .record(seconds / request.audioSeconds)
            }
        }
        switch request.failure {
        case .overloaded?: rejected(request.surface, reason: "overloaded")
        case .cancelled?: Counter(label: Name.cancelled, dimensions: [("surface", surface)], factory: factory).increment()
        case .timedOut?: Counter(label: Name.timedOut, dimensions: [("surface", surface)], factory: factory).increment()
        case .internalFailure? where request.streamed:
            Counter(label: Name.engineErrors, dimensions: [("surface", surface)], factory: factory).increment()
        default: break
        }
    }

    /// A request refused before the synthesis service saw it (too many gRPC calls, draining).
    public func rejected(_ surface: Surface, reason: String) {
        Counter(label: Name.rejected, dimensions: [("surface", surface.rawValue), ("reason", reason)], factory: factory).increment()
    }

    /// Updates the queue depth and active jobs gauges from the scheduler (called on every request and scrape).
    public func sample(_ scheduler: Scheduler) {
        queueDepth.record(scheduler.queuedCount)
        activeJobs.record(scheduler.admittedCount)
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

/// What one request did, as the metrics record it.
public struct CompletedRequest: Sendable {
    public var surface: ServerMetrics.Surface
    /// The route template or RPC path, e.g. "/tts/pcm", "/cosyvoice.CosyVoice/Inference".
    public var route: String
    /// CosyVoice mode name ("sft", "zero_shot"…), nil when the request never got that far.
    public var mode: String?
    /// The status the client saw: the HTTP code ("200", "429") or the gRPC code name ("ok", "unauthenticated").
    public var status: String
    /// Arrival to last byte.
    public var duration: Duration
    /// Arrival to first audio byte; nil when no audio was sent.
    public var timeToFirstByte: Duration?
    /// Seconds of audio sent.
    public var audioSeconds: Double
    /// True when audio streaming began (a failure then is a broken stream, not a refusal).
    public var streamed: Bool
    /// Why the request failed, when the service said so.
    public var failure: SynthesisError?

    public init(surface: ServerMetrics.Surface, route: String, mode: String?, status: String, duration: Duration,
                timeToFirstByte: Duration?, audioSeconds: Double, streamed: Bool, failure: SynthesisError?) {
        self.surface = surface
        self.route = route
        self.mode = mode
        self.status = status
        self.duration = duration
        self.timeToFirstByte = timeToFirstByte
        self.audioSeconds = audioSeconds
        self.streamed = streamed
        self.failure = failure
    }
}
