import Foundation
import Synchronization

/// What one load run does: how many clients, for how long (or how many requests), which kinds of request.
struct LoadRunSettings: Sendable {
    var concurrency: Int
    /// Seconds during which clients start new requests; nil when `requests` bounds the run.
    var duration: Double?
    /// Total requests; nil when `duration` bounds the run.
    var requests: Int?
    var stream: Bool
    /// Alternate streamed and non-streamed, PCM and MP3 requests (the memory-growth check).
    var mixed: Bool
    var mp3: Bool
    /// Seconds after the start at which requests still running are cancelled.
    var hardLimit: Double

    func kind(forRequest index: Int, textCount: Int) -> RequestKind {
        if mixed {
            return RequestKind(textIndex: index % textCount, stream: index % 2 == 0, mp3: (index / 2) % 2 == 1)
        }
        return RequestKind(textIndex: index % textCount, stream: stream, mp3: mp3)
    }

    var label: String {
        mixed ? "mixed" : (stream ? "stream" : "plain") + (mp3 ? " mp3" : "")
    }
}

/// The figures of one load run.
struct LoadRunResult: Codable, Sendable {
    var target: String
    var concurrency: Int
    var requestKind: String
    var requests: Int
    var succeeded: Int
    var rejected: Int
    var failed: Int
    /// The first few distinct failure messages.
    var failures: [String]
    /// Seconds to the first audio byte, successful requests.
    var firstByte: BenchStatistics?
    /// Seconds to the end of the response, successful requests.
    var total: BenchStatistics?
    var wallSeconds: Double
    var audioSeconds: Double
    /// Wall seconds per second of audio produced by all clients together.
    var aggregateRealTimeFactor: Double
    /// Median over requests of (time to first byte ÷ the bare engine's first-chunk time for that text's
    /// first segment); nil without an engine baseline.
    var firstByteOverEngine: Double?
    /// Aggregate RTF ÷ the bare engine's best aggregate RTF; nil without an engine baseline.
    var aggregateOverEngineBest: Double?
    var serverPeakResidentBytes: Int?
    var serverResidentBytes: Int?
    /// Server RSS once the first 50 requests had completed.
    var serverResidentAfter50Bytes: Int?
    /// Server RSS after every 100 completed requests.
    var serverResidentEvery100Bytes: [Int]?
    var loadAverageStart: [Double]
    var loadAverageEnd: [Double]
}

/// Runs `concurrency` clients against one target until the run's bound, and summarises what they saw.
enum LoadRunner {
    private struct State {
        var next = 0
        var outcomes: [RequestOutcome] = []
        var residentAfter50: Int?
        var residentEvery100: [Int] = []
    }

    /// The clients' shared state, one lock around it.
    private final class SharedState: Sendable {
        let mutex = Mutex(State())
        func withLock<T: Sendable>(_ body: (inout State) -> T) -> T { mutex.withLock { body(&$0) } }
    }

    static func run(target: any LoadTarget, name: String, texts: [String], settings: LoadRunSettings,
                    serverPID: Int32?, engine: EngineFigures?) async -> LoadRunResult {
        let clock = ContinuousClock()
        let start = clock.now
        let loadStart = ProcFigures.loadAverage()
        let state = SharedState()
        let deadline = settings.duration.map { start + .milliseconds(Int64($0 * 1000)) }

        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<settings.concurrency {
                group.addTask {
                    while !Task.isCancelled {
                        if let deadline, clock.now >= deadline { break }
                        let index: Int? = state.withLock { state in
                            if let limit = settings.requests, state.next >= limit { return nil }
                            defer { state.next += 1 }
                            return state.next
                        }
                        guard let index else { break }
                        let kind = settings.kind(forRequest: index, textCount: texts.count)
                        let outcome = await target.send(texts[kind.textIndex], kind: kind)
                        let completed = state.withLock { state in
                            state.outcomes.append(outcome)
                            return state.outcomes.count
                        }
                        if completed == 50 || completed % 100 == 0, let serverPID, let resident = ProcFigures.memory(of: serverPID).current {
                            state.withLock { state in
                                if completed == 50 { state.residentAfter50 = resident }
                                if completed % 100 == 0 { state.residentEvery100.append(resident) }
                            }
                        }
                        // A refused client waits a little before it retries, as a polite client would.
                        if outcome.status == .rejected { try? await Task.sleep(for: .milliseconds(100)) }
                    }
                    return false
                }
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(Int64(settings.hardLimit * 1000)))
                return true
            }
            var running = settings.concurrency
            for await timedOut in group {
                if timedOut { group.cancelAll(); break }
                running -= 1
                if running == 0 { group.cancelAll(); break }
            }
        }

        let wall = (clock.now - start).seconds
        let (outcomes, residentAfter50, residentCurve) = state.withLock { ($0.outcomes, $0.residentAfter50, $0.residentEvery100) }
        let memory = serverPID.map { ProcFigures.memory(of: $0) }
        let tally = OutcomeTally(outcomes)
        let succeeded = tally.succeeded
        let audio = succeeded.reduce(0) { $0 + $1.audioSeconds }
        let aggregate = audio > 0 ? wall / audio : .infinity

        var firstByteRatio: Double?
        var aggregateRatio: Double?
        if let engine {
            let ratios = succeeded.compactMap { outcome -> Double? in
                guard let first = outcome.firstByteSeconds else { return nil }
                let text = engine.texts[outcome.textIndex]
                // A streamed request starts with the short first segment; otherwise the first sentence.
                return first / (outcome.stream ? text.firstSegmentSeconds : text.firstChunkSeconds)
            }
            firstByteRatio = ratios.isEmpty ? nil : BenchStatistics.median(ratios)
            aggregateRatio = aggregate / engine.bestAggregateRealTimeFactor
        }

        return LoadRunResult(
            target: name, concurrency: settings.concurrency, requestKind: settings.label,
            requests: tally.requests, succeeded: succeeded.count, rejected: tally.rejected, failed: tally.failed,
            failures: tally.failures,
            firstByte: BenchStatistics(tally.firstBytes),
            total: BenchStatistics(succeeded.map(\.totalSeconds)),
            wallSeconds: wall, audioSeconds: audio, aggregateRealTimeFactor: aggregate,
            firstByteOverEngine: firstByteRatio, aggregateOverEngineBest: aggregateRatio,
            serverPeakResidentBytes: memory?.peak, serverResidentBytes: memory?.current,
            serverResidentAfter50Bytes: residentAfter50, serverResidentEvery100Bytes: residentCurve,
            loadAverageStart: loadStart, loadAverageEnd: ProcFigures.loadAverage()
        )
    }
}
