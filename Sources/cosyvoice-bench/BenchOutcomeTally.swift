/// What a set of requests came to: counts by outcome and the first few distinct failure messages. Load runs
/// and the abuse bench's probe report it the same way.
struct OutcomeTally: Sendable {
    var requests: Int
    var succeeded: [RequestOutcome]
    /// Refused for capacity (429/503, RESOURCE_EXHAUSTED).
    var rejected: Int
    var failed: Int { requests - succeeded.count - rejected }
    /// The first five distinct failure messages.
    var failures: [String]

    init(_ outcomes: [RequestOutcome]) {
        requests = outcomes.count
        succeeded = outcomes.filter { $0.status == .ok }
        rejected = outcomes.filter { $0.status == .rejected }.count
        var failures: [String] = []
        for case .failed(let message) in outcomes.map(\.status) where !failures.contains(message) && failures.count < 5 {
            failures.append(message)
        }
        self.failures = failures
    }

    /// Seconds to the first audio byte of the successful requests.
    var firstBytes: [Double] { succeeded.compactMap(\.firstByteSeconds) }
}
