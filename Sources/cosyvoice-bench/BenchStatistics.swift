/// Order statistics of a sample of latencies (or any measurements).
///
/// Percentiles interpolate linearly between the two nearest ranks (the "R-7" definition spreadsheets and NumPy
/// use by default): for `n` sorted values the p-th percentile sits at rank `h = (n - 1) · p / 100`, between
/// `sorted[⌊h⌋]` and `sorted[⌊h⌋ + 1]`. One value is every percentile of itself; no values give nil.
struct BenchStatistics: Sendable, Codable, Equatable {
    var count: Int
    var mean: Double
    var min: Double
    var p50: Double
    var p95: Double
    var p99: Double
    var max: Double

    /// Nil for an empty sample.
    init?(_ values: [Double]) {
        let sorted = values.filter(\.isFinite).sorted()
        guard let first = sorted.first, let last = sorted.last else { return nil }
        count = sorted.count
        mean = sorted.reduce(0, +) / Double(sorted.count)
        min = first
        max = last
        p50 = Self.percentile(50, ofSorted: sorted)
        p95 = Self.percentile(95, ofSorted: sorted)
        p99 = Self.percentile(99, ofSorted: sorted)
    }

    /// The `p`-th percentile (0–100) of ascending `sorted`, which must not be empty.
    static func percentile(_ p: Double, ofSorted sorted: [Double]) -> Double {
        precondition(!sorted.isEmpty && (0...100).contains(p))
        let rank = Double(sorted.count - 1) * p / 100
        let lower = Int(rank.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        let fraction = rank - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// The median of a non-empty sample.
    static func median(_ values: [Double]) -> Double {
        percentile(50, ofSorted: values.sorted())
    }
}
