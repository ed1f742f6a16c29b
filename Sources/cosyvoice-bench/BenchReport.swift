import Foundation

/// Everything one `bench load` invocation measured; `--json` prints it as is.
struct LoadReport: Codable, Sendable {
    /// RSS of the server after the first 50 and after all requests of a `--requests` run.
    struct MemoryGrowth: Codable, Sendable {
        var requests: Int
        var residentAfter50Bytes: Int
        var residentAfterAllBytes: Int
        var growthPercent: Double { Double(residentAfterAllBytes - residentAfter50Bytes) / Double(residentAfter50Bytes) * 100 }
    }

    var cores: Int
    var target: String
    var url: String
    var serverStartupSeconds: Double?
    /// Server RSS before the first load run (voices loaded and warmed).
    var serverResidentBeforeBytes: Int?
    var engine: EngineFigures?
    var runs: [LoadRunResult]
    var memory: MemoryGrowth?
    var abandonment: AbandonmentCheck.Result?
}

/// Plain-text tables of bench results.
enum BenchTable {
    static func engine(_ figures: EngineFigures) -> String {
        var lines = [
            "Bare engine: \(figures.voice), \(figures.threads) thread(s), medians of \(figures.repeats) run(s)",
            "  load \(f(figures.loadSeconds)) s (scan and prepare \(f(figures.scanSeconds)) s), first call after load \(f(figures.coldFirstCallSeconds)) s",
            "  RSS after load \(mb(figures.residentAfterLoadBytes)), peak \(mb(figures.peakResidentSequentialBytes)) one at a time,"
                + " \(mb(figures.peakResidentBytes)) with parallel workers",
            "  " + pad("text", 44) + pad("1st chunk", 11) + pad("(CPU)", 9) + pad("1st seg", 9) + pad("audio", 8) + "RTF",
        ]
        for (index, text) in figures.texts.enumerated() {
            lines.append("  " + pad("\(index + 1) " + String(text.text.prefix(40)), 44)
                         + pad(f(text.firstChunkSeconds) + " s", 11) + pad(f(text.firstChunkCPUSeconds), 9)
                         + pad(f(text.firstSegmentSeconds) + " s", 9) + pad(String(format: "%.1f s", text.audioSeconds), 8)
                         + f(text.realTimeFactor))
        }
        lines.append("  median first chunk \(f(figures.medianFirstChunkSeconds)) s, median streamed first segment \(f(figures.medianFirstSegmentSeconds)) s")
        lines.append("  sequential RTF \(f(figures.realTimeFactor)) (CPU RTF \(f(figures.cpuRealTimeFactor)))")
        let parallel = figures.parallel.map { "\($0.workers) → \(f($0.aggregateRealTimeFactor))" }.joined(separator: ", ")
        lines.append("  aggregate RTF by parallel workers: \(parallel); best \(f(figures.bestAggregateRealTimeFactor))")
        return lines.joined(separator: "\n")
    }

    static func run(_ run: LoadRunResult) -> String {
        var lines = [
            "Load: \(run.target), \(run.requestKind), concurrency \(run.concurrency), \(String(format: "%.1f", run.wallSeconds)) s"
                + " (load average \(loads(run.loadAverageStart)) → \(loads(run.loadAverageEnd)))",
            "  requests \(run.requests): ok \(run.succeeded), 429 \(run.rejected), errors \(run.failed)",
        ]
        for failure in run.failures { lines.append("    error: \(failure)") }
        if let first = run.firstByte {
            lines.append("  first byte  p50 \(f(first.p50))  p95 \(f(first.p95))  p99 \(f(first.p99))  max \(f(first.max)) s"
                         + (run.firstByteOverEngine.map { "   (÷ engine: \(f($0, 2)))" } ?? ""))
        }
        if let total = run.total {
            lines.append("  total       p50 \(f(total.p50))  p95 \(f(total.p95))  p99 \(f(total.p99))  max \(f(total.max)) s")
        }
        lines.append("  aggregate RTF \(f(run.aggregateRealTimeFactor)) (\(String(format: "%.1f", run.audioSeconds)) s of audio)"
                     + (run.aggregateOverEngineBest.map { "   (÷ engine best: \(f($0, 2)))" } ?? ""))
        lines.append("  server RSS peak \(mb(run.serverPeakResidentBytes)), now \(mb(run.serverResidentBytes))"
                     + (run.serverResidentAfter50Bytes.map { ", after 50 requests \(mb($0))" } ?? ""))
        return lines.joined(separator: "\n")
    }

    static func report(_ report: LoadReport) -> String {
        var parts: [String] = []
        if let engine = report.engine { parts.append(self.engine(engine)) }
        parts.append("Target: \(report.target) at \(report.url)"
                     + (report.serverStartupSeconds.map { ", started and ready in \(f($0, 2)) s" } ?? "")
                     + (report.serverResidentBeforeBytes.map { ", RSS before load \(mb($0))" } ?? ""))
        parts += report.runs.map(run)
        if let memory = report.memory {
            parts.append("Memory growth over \(memory.requests) mixed requests: RSS after 50 \(mb(memory.residentAfter50Bytes)),"
                         + " after all \(mb(memory.residentAfterAllBytes)) (\(String(format: "%+.1f", memory.growthPercent)) %)"
                         + "; every 100: " + (report.runs.last?.serverResidentEvery100Bytes ?? []).map { String($0 / 1_048_576) }.joined(separator: " ") + " MB")
        }
        if let check = report.abandonment {
            let releases = check.releaseSeconds.map { String(format: "%.0f", $0 * 1000) }.joined(separator: ", ")
            parts.append("Abandoned streams (\(check.slots) slot(s), \(check.trials) trial(s)): probe idle first byte \(f(check.idleProbeFirstByteSeconds)) s;"
                         + " slot released after [\(releases)] ms; median \(check.medianReleaseSeconds.map { String(format: "%.0f ms", $0 * 1000) } ?? "–"),"
                         + " max \(check.maxReleaseSeconds.map { String(format: "%.0f ms", $0 * 1000) } ?? "–")"
                         + (check.unsaturatedTrials > 0 ? "; \(check.unsaturatedTrials) trial(s) not saturated (probe started before the close)" : "")
                         + (check.metricsReleaseSeconds.map { "; /metrics active jobs back to idle after [" + $0.map { String(format: "%.0f", $0 * 1000) }.joined(separator: ", ") + "] ms" }
                            ?? "; no cosyvoice_active_jobs at /metrics"))
        }
        return parts.joined(separator: "\n\n")
    }

    /// Two reports' load runs next to each other, matched by position.
    static func compare(_ left: LoadReport, _ right: LoadReport) -> String {
        let width = 28
        var lines = [pad("", 22) + pad(left.target, width) + right.target]
        for (a, b) in zip(left.runs, right.runs) {
            lines.append("concurrency \(a.concurrency) (\(a.requestKind) / \(b.requestKind))")
            func row(_ name: String, _ value: (LoadRunResult) -> String) {
                lines.append("  " + pad(name, 20) + pad(value(a), width) + value(b))
            }
            row("requests ok/429/err") { "\($0.succeeded)/\($0.rejected)/\($0.failed)" }
            row("first byte p50") { $0.firstByte.map { f($0.p50) + " s" } ?? "–" }
            row("first byte p95") { $0.firstByte.map { f($0.p95) + " s" } ?? "–" }
            row("first byte p99") { $0.firstByte.map { f($0.p99) + " s" } ?? "–" }
            row("total p50") { $0.total.map { f($0.p50) + " s" } ?? "–" }
            row("total p99") { $0.total.map { f($0.p99) + " s" } ?? "–" }
            row("aggregate RTF") { f($0.aggregateRealTimeFactor) }
            row("audio s per s") { String(format: "%.1f", $0.audioSeconds / $0.wallSeconds) }
            row("server peak RSS") { mb($0.serverPeakResidentBytes) }
            row("load average") { "\(loads($0.loadAverageStart)) → \(loads($0.loadAverageEnd))" }
            if let x = a.firstByte?.p50, let y = b.firstByte?.p50, x > 0 {
                lines.append("  first byte p50 ratio (\(right.target) ÷ \(left.target)): \(f(y / x, 2))×;"
                             + " throughput ratio: \(f((a.audioSeconds / a.wallSeconds) / (b.audioSeconds / b.wallSeconds), 2))×")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func f(_ value: Double, _ digits: Int = 3) -> String {
        value.isFinite ? String(format: "%.\(digits)f", value) : "–"
    }

    static func mb(_ bytes: Int?) -> String {
        bytes.map { String(format: "%.0f MB", Double($0) / 1_048_576) } ?? "–"
    }

    static func loads(_ values: [Double]) -> String {
        values.isEmpty ? "–" : values.map { String(format: "%.2f", $0) }.joined(separator: " ")
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
