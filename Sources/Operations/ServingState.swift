import Engines
import Synchronization
import Synthesis

/// Whether the server still takes new work. Set to draining when a shutdown begins: new requests are refused
/// (HTTP 503, gRPC UNAVAILABLE), `/ready` and the gRPC health check turn negative, and what is in flight runs
/// to its end.
public final class ServingState: Sendable {
    private let draining = Atomic(false)
    private let responses = Atomic(0)

    public init() {}

    /// True once a shutdown has begun.
    public var isDraining: Bool { draining.load(ordering: .acquiring) }

    /// Stops taking new work; requests already admitted continue.
    public func beginDraining() { draining.store(true, ordering: .releasing) }

    /// Streamed responses still being written. A synthesis can end while its last bytes are still on their
    /// way to a slow client; a drain waits for these too, so no response is cut off at shutdown.
    public var responsesInFlight: Int { responses.load(ordering: .acquiring) }
    public func responseStarted() { responses.add(1, ordering: .relaxed) }
    public func responseEnded() { responses.subtract(1, ordering: .relaxed) }

    /// What a request that arrives while draining is told.
    public static let drainingMessage = "the server is shutting down; retry on another instance"
    /// Seconds a request refused while draining is told to wait (`Retry-After`): another instance answers now.
    public static let drainingRetryAfter = 1

    /// The readiness of `service` now: voices loaded, store open, not draining, and every inference backend
    /// without a local fallback ready.
    public func readiness(of service: SynthesisService) async -> Readiness {
        let storeOpen = (try? await service.store.count()) != nil
        var backends: [String: BackendStatus] = [:]
        for (name, backend) in service.catalog.routing.backends { backends[name] = await backend.status() }
        return Readiness(voicesLoaded: !service.catalog.speakerIDs.isEmpty, storeOpen: storeOpen, draining: isDraining, backends: backends)
    }
}

/// The answer of `GET /ready` (and, reduced to one bit, of the gRPC health check).
public struct Readiness: Sendable, Equatable, Encodable {
    /// True when every condition below holds.
    public var ready: Bool
    /// At least one speaker is available.
    public var voicesLoaded: Bool
    /// The speaker store answers queries.
    public var storeOpen: Bool
    /// A shutdown has begun.
    public var draining: Bool
    /// Each inference backend by its configured name (absent without backends). One that is down makes the
    /// server not ready unless it falls back to the local engines.
    public var backends: [String: BackendStatus]?

    public init(voicesLoaded: Bool, storeOpen: Bool, draining: Bool, backends: [String: BackendStatus] = [:]) {
        self.voicesLoaded = voicesLoaded
        self.storeOpen = storeOpen
        self.draining = draining
        self.backends = backends.isEmpty ? nil : backends
        let backendsReady = backends.values.allSatisfy { $0.ready || $0.fallback == TritonBackendConfiguration.Fallback.local.rawValue }
        ready = voicesLoaded && storeOpen && !draining && backendsReady
    }

    enum CodingKeys: String, CodingKey {
        case ready, draining, backends
        case voicesLoaded = "voices_loaded"
        case storeOpen = "store_open"
    }
}
