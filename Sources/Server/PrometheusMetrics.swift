import Operations
import Prometheus

/// A Prometheus registry with the factory and ``ServerMetrics`` that write to it, histogram buckets sized for
/// speech synthesis. `serve` makes one and bootstraps `MetricsSystem` with its factory (once per process);
/// tests make one per server so parallel servers never share counts.
public struct PrometheusMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let factory: PrometheusMetricsFactory
    public let metrics: ServerMetrics

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        var factory = PrometheusMetricsFactory(registry: registry)
        // Synthesis takes seconds to minutes; the defaults stop at 10 s.
        let latency: [Duration] = [.milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                                   .seconds(2), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120), .seconds(300)]
        factory.durationHistogramBuckets = [ServerMetrics.Name.timeToFirstByte: latency, ServerMetrics.Name.requestDuration: latency]
        factory.valueHistogramBuckets = [ServerMetrics.Name.realTimeFactor: [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 5]]
        self.registry = registry
        self.factory = factory
        metrics = ServerMetrics(factory: factory)
    }

    /// The registry in the Prometheus text exposition format.
    public func exposition() -> String { registry.emitToString() }
}
