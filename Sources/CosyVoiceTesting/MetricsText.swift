/// A Prometheus text exposition (`GET /metrics`), read the way a scraper reads it.
public struct MetricsText: Sendable {
    public let text: String

    public init(_ text: String) { self.text = text }

    /// The value of one series, e.g. `cosyvoice_requests_total{surface="http",route="/tts",mode="sft",status="200"}`;
    /// nil when the exposition has no such series, so a renamed metric fails a test instead of reading 0.
    public func value(_ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    /// The sum over every series of `family` whose labels include `label` (e.g. `route="/tts"`), or 0.
    public func sum(_ family: String, labelled label: String) -> Double {
        text.split(separator: "\n")
            .filter { $0.hasPrefix(family + "{") && $0.contains(label) }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
            .reduce(0, +)
    }

    /// True when the exposition declares the metric family `name` (its `# TYPE` line).
    public func hasFamily(_ name: String) -> Bool {
        text.split(separator: "\n").contains { $0.hasPrefix("# TYPE \(name) ") }
    }
}
