import CoreMetrics
import Synchronization

/// Per-backend metrics, recorded into the server's registry once the server attaches its factory (the engines
/// start before the server that owns the registry).
///
/// | Metric | Type | Labels |
/// |---|---|---|
/// | `cosyvoice_backend_requests_total` | counter (segment requests sent) | backend |
/// | `cosyvoice_backend_errors_total` | counter (unreachable, error response, timeout, bad response) | backend, reason |
/// | `cosyvoice_backend_first_chunk_seconds` | histogram (request sent → first audio) | backend |
/// | `cosyvoice_backend_in_flight` | gauge (segment requests open) | backend |
public final class BackendMetrics: Sendable {
    public enum Name {
        public static let requests = "cosyvoice_backend_requests_total"
        public static let errors = "cosyvoice_backend_errors_total"
        public static let firstChunk = "cosyvoice_backend_first_chunk_seconds"
        public static let inFlight = "cosyvoice_backend_in_flight"
    }

    /// Why a backend request failed, as the `reason` label says it.
    public enum Failure: String, Sendable {
        case unreachable, error, timeout, malformed, busy
    }

    private let backend: String
    private let factory = Mutex<(any MetricsFactory)?>(nil)
    private let open = Atomic(0)

    init(backend: String) { self.backend = backend }

    /// Starts recording into `factory`; every series of the backend appears at once, at zero.
    public func attach(_ factory: any MetricsFactory) {
        self.factory.withLock { $0 = factory }
        Counter(label: Name.requests, dimensions: dimensions, factory: factory).increment(by: 0)
        for failure in [Failure.unreachable, .error, .timeout] {
            Counter(label: Name.errors, dimensions: dimensions + [("reason", failure.rawValue)], factory: factory).increment(by: 0)
        }
        Gauge(label: Name.inFlight, dimensions: dimensions, factory: factory).record(open.load(ordering: .relaxed))
    }

    private var dimensions: [(String, String)] { [("backend", backend)] }

    func requestStarted() {
        let now = open.add(1, ordering: .relaxed).newValue
        record { factory, dimensions in
            Counter(label: Name.requests, dimensions: dimensions, factory: factory).increment()
            Gauge(label: Name.inFlight, dimensions: dimensions, factory: factory).record(now)
        }
    }

    func requestEnded() {
        let now = open.subtract(1, ordering: .relaxed).newValue
        record { factory, dimensions in Gauge(label: Name.inFlight, dimensions: dimensions, factory: factory).record(now) }
    }

    func firstChunk(after duration: Duration) {
        let nanoseconds = duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
        record { factory, dimensions in
            Timer(label: Name.firstChunk, dimensions: dimensions, factory: factory).recordNanoseconds(nanoseconds)
        }
    }

    func failed(_ failure: Failure) {
        record { factory, dimensions in
            Counter(label: Name.errors, dimensions: dimensions + [("reason", failure.rawValue)], factory: factory).increment()
        }
    }

    private func record(_ body: (any MetricsFactory, [(String, String)]) -> Void) {
        guard let factory = factory.withLock({ $0 }) else { return }
        body(factory, dimensions)
    }
}
