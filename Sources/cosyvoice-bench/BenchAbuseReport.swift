import Foundation

/// Everything one `bench abuse` run measured; `--json` prints it as is.
struct AbuseReport: Codable, Sendable {
    /// The well-behaved client's requests in one phase.
    struct ProbeFigures: Codable, Sendable {
        var requests: Int
        var succeeded: Int
        /// Refused for capacity (429/503).
        var rejected: Int
        var failed: Int
        /// The first few distinct failure messages.
        var failures: [String]
        /// Seconds from sending the request to the first body byte, successful requests.
        var firstByte: BenchStatistics?
        /// The 90th percentile of the same, in seconds.
        var firstByteP90: Double?

        init(_ outcomes: [RequestOutcome]) {
            let tally = OutcomeTally(outcomes)
            (requests, succeeded, rejected, failed, failures) = (tally.requests, tally.succeeded.count, tally.rejected, tally.failed, tally.failures)
            let firstBytes = tally.firstBytes
            firstByte = BenchStatistics(firstBytes)
            firstByteP90 = firstBytes.isEmpty ? nil : BenchStatistics.percentile(90, ofSorted: firstBytes.sorted())
        }
    }

    /// What the server answered one abusive request, over all clients of its kind.
    struct RequestFigures: Codable, Sendable {
        var kind: AbuseKind
        var request: String
        var bodyBytes: Int
        var sent: Int
        /// Results by label: the status ("400", "413", "429"…) or "reset", "closed", "timeout", "connect failed".
        var results: [String: Int]
        /// Responses that arrived before the whole body was sent.
        var answeredBeforeBodySent: Int
        /// Seconds from connecting to the end of each exchange.
        var seconds: BenchStatistics?
        /// The first response body seen per status: the server's message.
        var details: [String: String]
        /// Results other than the refusals the API promises (400, 413, 422, 429, 503): other statuses (5xx, 200),
        /// connections reset or closed before any answer, time-outs, failed connects.
        var unexpected: Int {
            results.filter { !Self.expectedLabels.contains($0.key) }.values.reduce(0, +)
        }
        static let expectedLabels: Set<String> = ["400", "413", "422", "429", "503"]
    }

    /// One reading of the server's memory.
    struct MemorySample: Codable, Sendable {
        /// Seconds since the abuse began.
        var seconds: Double
        /// `VmRSS`, bytes.
        var residentBytes: Int
    }

    /// The bar the run is held to: the probe's first byte within `firstByteRatioLimit` × idle (p50 and p90),
    /// the server's peak RSS under `residentLimitBytes`.
    static let firstByteRatioLimit = 2.0
    static let residentLimitBytes = 1 << 30

    var durationSeconds: Double
    var clientsPerKind: Int
    var serverArguments: [String]
    var serverStartupSeconds: Double
    var probeText: String
    var idle: ProbeFigures
    var underAbuse: ProbeFigures
    var requests: [RequestFigures]
    /// `VmRSS` just before the abuse began, bytes.
    var residentIdleBytes: Int?
    /// The highest `VmRSS` sampled every ``AbuseRun/sampleInterval`` during the abuse, bytes.
    var residentMaxSampledBytes: Int?
    /// `VmHWM` after the abuse: the server's peak over its whole life, start-up included, bytes.
    var residentPeakBytes: Int?
    var residentSamples: [MemorySample]
    /// The machine's 1-, 5- and 15-minute load averages before and after the abuse.
    var loadAverageStart: [Double]
    var loadAverageEnd: [Double]
    /// The server's exit status if it died during the run; nil while it still runs.
    var serverExitStatus: Int32?
    /// Whether a normal request after the abuse got 200 with audio.
    var servedAfterwards: Bool

    var firstByteRatioP50: Double? {
        guard let idle = idle.firstByte?.p50, let abused = underAbuse.firstByte?.p50, idle > 0 else { return nil }
        return abused / idle
    }

    var firstByteRatioP90: Double? {
        guard let idle = idle.firstByteP90, let abused = underAbuse.firstByteP90, idle > 0 else { return nil }
        return abused / idle
    }

    var peakResidentBytes: Int? { [residentPeakBytes, residentMaxSampledBytes].compactMap { $0 }.max() }

    var meetsTarget: Bool {
        guard let p50 = firstByteRatioP50, let p90 = firstByteRatioP90, let peak = peakResidentBytes else { return false }
        return p50 <= Self.firstByteRatioLimit && p90 <= Self.firstByteRatioLimit && peak < Self.residentLimitBytes
            && underAbuse.failed == 0 && serverExitStatus == nil && servedAfterwards
    }

    var table: String {
        typealias T = BenchTable
        let abusers = AbuseKind.allCases.count * clientsPerKind
        var lines = [
            "Abuse: \(abusers) abusive clients (\(clientsPerKind) per kind) for \(Int(durationSeconds)) s; server ready in \(T.f(serverStartupSeconds, 2)) s"
                + (serverArguments.isEmpty ? "" : ", serve " + serverArguments.joined(separator: " ")),
            "  fifth client: POST /tts, stream, \"\(probeText)\"",
            "    " + T.pad("", 13) + T.pad("requests", 10) + T.pad("ok", 6) + T.pad("429", 6) + T.pad("errors", 8)
                + T.pad("TTFB p50", 10) + T.pad("p90", 9) + "max",
        ]
        for (name, phase) in [("idle", idle), ("under abuse", underAbuse)] {
            lines.append("    " + T.pad(name, 13) + T.pad("\(phase.requests)", 10) + T.pad("\(phase.succeeded)", 6) + T.pad("\(phase.rejected)", 6)
                         + T.pad("\(phase.failed)", 8) + T.pad(phase.firstByte.map { T.f($0.p50) + " s" } ?? "–", 10)
                         + T.pad(phase.firstByteP90.map { T.f($0) + " s" } ?? "–", 9) + (phase.firstByte.map { T.f($0.max) + " s" } ?? "–"))
            for failure in phase.failures { lines.append("      error: \(failure)") }
        }
        lines.append("    " + T.pad("ratio", 43) + T.pad(firstByteRatioP50.map { T.f($0, 2) + "×" } ?? "–", 10)
                     + (firstByteRatioP90.map { T.f($0, 2) + "×" } ?? "–"))
        lines.append("  load average \(T.loads(loadAverageStart)) → \(T.loads(loadAverageEnd))")
        lines.append("  server RSS: before the abuse \(T.mb(residentIdleBytes)), highest sampled \(T.mb(residentMaxSampledBytes)),"
                     + " peak (VmHWM, start-up included) \(T.mb(residentPeakBytes))")
        lines.append("  abusive requests (time = connect to answer; early = answered before the whole body was sent;"
                     + " unexpected = not 400/413/422/429/503):")
        lines.append("    " + T.pad("kind", 20) + T.pad("request", 52) + T.pad("sent", 7) + T.pad("time p50", 10) + T.pad("max", 9)
                     + T.pad("early", 7) + T.pad("unexpected", 12) + "results")
        for figures in requests {
            let results = figures.results.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
            lines.append("    " + T.pad(figures.kind.rawValue, 20) + T.pad(figures.request, 52) + T.pad("\(figures.sent)", 7)
                         + T.pad(figures.seconds.map { T.f($0.p50) + " s" } ?? "–", 10) + T.pad(figures.seconds.map { T.f($0.max) + " s" } ?? "–", 9)
                         + T.pad("\(figures.answeredBeforeBodySent)", 7) + T.pad("\(figures.unexpected)", 12) + results)
            for (status, detail) in figures.details.sorted(by: { $0.key < $1.key }) {
                lines.append("      \(status): \(detail)")
            }
        }
        if let serverExitStatus {
            lines.append("  THE SERVER EXITED during the run (status \(serverExitStatus))")
        }
        lines.append("  a normal request afterwards: " + (servedAfterwards ? "200 with audio" : "FAILED"))
        lines.append("  target (fifth client's TTFB p50 and p90 within \(T.f(Self.firstByteRatioLimit, 0))× idle, no errors;"
                     + " peak RSS under \(T.mb(Self.residentLimitBytes)); server still serving): " + (meetsTarget ? "met" : "NOT met"))
        return lines.joined(separator: "\n")
    }
}
