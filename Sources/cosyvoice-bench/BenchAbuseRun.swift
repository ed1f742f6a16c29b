import AsyncHTTPClient
import Foundation
import Synchronization

/// What one `bench abuse` run does.
struct AbuseRunSettings: Sendable {
    /// Seconds the abusive clients run (they start no request after it).
    var duration: Double
    var clientsPerKind: Int
    /// Most requests one abusive client sends, whatever the duration.
    var maxRequestsPerClient: Int
    /// Measured requests of the fifth client on the idle server.
    var idleRequests: Int
    /// The server's body limit (bytes), which the big bodies stay just under.
    var bodyLimit: Int
}

/// The run: the fifth client on the idle server, then the abusive clients and the fifth client together, with the
/// server's memory sampled throughout, then one normal request to check the server still serves.
struct AbuseRun {
    /// Seconds between readings of the server's memory.
    static let sampleInterval = 0.5
    /// The fifth client's text: a short English sentence.
    static let probeText = AbandonmentCheck.probeText

    var server: BenchServerProcess
    var client: HTTPClient
    var settings: AbuseRunSettings
    var speaker: String

    func run(serverArguments: [String], progress: @escaping @Sendable (String) -> Void) async throws -> AbuseReport {
        progress("building the abusive requests")
        let port = server.httpPort
        let limit = settings.bodyLimit
        let requests = try await Self.onThread {
            try AbuseKind.allCases.map { kind in (kind, try kind.requests(bodyLimit: limit, port: port)) }
        }
        let probe = CosyVoiceHTTPTarget(client: client, baseURL: server.url, speaker: speaker)

        progress("fifth client on the idle server: 1 warm-up and \(settings.idleRequests) measured requests")
        let warmUp = await Self.probe(probe)
        guard warmUp.status == .ok else { throw BenchError("the fifth client's request failed on the idle server: \(warmUp.status)") }
        var idle: [RequestOutcome] = []
        for _ in 0..<settings.idleRequests { idle.append(await Self.probe(probe)) }
        let residentIdle = ProcFigures.memory(of: server.pid).current

        progress("\(requests.count * settings.clientsPerKind) abusive clients and the fifth client for \(Int(settings.duration)) s")
        let clock = ContinuousClock()
        let start = clock.now
        let end = start + .milliseconds(Int64(settings.duration * 1000))
        let stop = StopSignal()
        let loadStart = ProcFigures.loadAverage()
        let (records, abused, samples) = await withTaskGroup(of: Phase.self) { group in
            for (kindIndex, (_, kindRequests)) in requests.enumerated() {
                for _ in 0..<settings.clientsPerKind {
                    group.addTask { [settings] in
                        .abuser(kindIndex, await AbuseClient.run(kindRequests, port: port, until: end,
                                                               maxRequests: settings.maxRequestsPerClient, stop: stop))
                    }
                }
            }
            group.addTask {
                var outcomes: [RequestOutcome] = []
                while clock.now < end && !stop.isSet && !Task.isCancelled { outcomes.append(await Self.probe(probe)) }
                return .probe(outcomes)
            }
            group.addTask { [server] in
                var samples: [AbuseReport.MemorySample] = []
                while clock.now < end && !stop.isSet {
                    guard server.process.isRunning else {
                        stop.set()
                        break
                    }
                    if let resident = ProcFigures.memory(of: server.pid).current {
                        samples.append(.init(seconds: (clock.now - start).seconds, residentBytes: resident))
                    }
                    try? await Task.sleep(for: .milliseconds(Int64(Self.sampleInterval * 1000)))
                }
                return .memory(samples)
            }
            // A probe stuck on a stalled server is cancelled once the abusive clients' last exchanges have timed out.
            group.addTask {
                try? await Task.sleep(until: end + .milliseconds(Int64(AbuseExchange.timeout * 1000) + 5000))
                return .hardLimit
            }
            var records: [[AbuseClient.Record]] = Array(repeating: [], count: requests.count)
            var probed: [RequestOutcome] = []
            var samples: [AbuseReport.MemorySample] = []
            var running = requests.count * settings.clientsPerKind + 2
            for await phase in group {
                switch phase {
                case .abuser(let kind, let clientRecords): records[kind] += clientRecords
                case .probe(let outcomes): probed = outcomes
                case .memory(let readings): samples = readings
                case .hardLimit:
                    stop.set()
                    group.cancelAll()
                    continue
                }
                running -= 1
                if running == 0 { group.cancelAll() }
            }
            return (records, probed, samples)
        }

        let loadEnd = ProcFigures.loadAverage()
        let exitStatus = server.process.isRunning ? nil : server.process.terminationStatus
        let after = exitStatus == nil ? await Self.probe(probe) : nil
        let memory = ProcFigures.memory(of: server.pid)
        var figures: [AbuseReport.RequestFigures] = []
        for (kindIndex, (kind, kindRequests)) in requests.enumerated() {
            for (index, request) in kindRequests.enumerated() {
                let mine = records[kindIndex].filter { $0.request == index }.map(\.outcome)
                var results: [String: Int] = [:]
                var details: [String: String] = [:]
                for outcome in mine {
                    results[outcome.label, default: 0] += 1
                    if details[outcome.label] == nil && !outcome.detail.isEmpty { details[outcome.label] = outcome.detail }
                }
                figures.append(.init(kind: kind, request: request.name, bodyBytes: request.bodyBytes, sent: mine.count, results: results,
                                     answeredBeforeBodySent: mine.filter(\.answeredBeforeBodySent).count,
                                     seconds: BenchStatistics(mine.map(\.seconds)), details: details))
            }
        }
        return AbuseReport(durationSeconds: settings.duration, clientsPerKind: settings.clientsPerKind, serverArguments: serverArguments,
                           serverStartupSeconds: server.startupSeconds, probeText: Self.probeText,
                           idle: .init(idle), underAbuse: .init(abused), requests: figures,
                           residentIdleBytes: residentIdle, residentMaxSampledBytes: samples.map(\.residentBytes).max(),
                           residentPeakBytes: exitStatus == nil ? memory.peak : nil, residentSamples: samples,
                           loadAverageStart: loadStart, loadAverageEnd: loadEnd,
                           serverExitStatus: exitStatus, servedAfterwards: after?.status == .ok)
    }

    /// What one task of the run hands back.
    private enum Phase: Sendable {
        case abuser(Int, [AbuseClient.Record])
        case probe([RequestOutcome])
        case memory([AbuseReport.MemorySample])
        case hardLimit
    }

    /// One request of the fifth client: `POST /tts` (MP3), streamed.
    private static func probe(_ target: CosyVoiceHTTPTarget) async -> RequestOutcome {
        await target.send(probeText, kind: RequestKind(textIndex: 0, stream: true, mp3: true))
    }

    /// Runs CPU-heavy or blocking work on a thread of its own, off the cooperative pool.
    static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}

/// Tells the abusive clients and the sampler to stop early (the server died, or the run hit its hard limit).
final class StopSignal: Sendable {
    private let flag = Atomic(false)
    var isSet: Bool { flag.load(ordering: .relaxed) }
    func set() { flag.store(true, ordering: .relaxed) }
}

/// One abusive client: sends its requests in turn, each on a fresh connection, on a thread of its own (the
/// sockets block), until the deadline, its request bound, or the stop signal.
enum AbuseClient {
    struct Record: Sendable {
        /// Index of the request in its kind's list.
        var request: Int
        var outcome: AbuseOutcome
    }

    static func run(_ requests: [AbusiveRequest], port: Int, until end: ContinuousClock.Instant, maxRequests: Int,
                    stop: StopSignal) async -> [Record] {
        await withCheckedContinuation { continuation in
            Thread {
                let clock = ContinuousClock()
                var records: [Record] = []
                while clock.now < end && !stop.isSet && records.count < maxRequests {
                    let index = records.count % requests.count
                    let deadline = clock.now + .milliseconds(Int64(AbuseExchange.timeout * 1000))
                    let outcome = AbuseExchange.send(requests[index], port: port, deadline: deadline)
                    records.append(Record(request: index, outcome: outcome))
                    // A server that is gone refuses at once; retrying in a tight loop would only burn the CPU.
                    if outcome.result == .connectFailed { usleep(100_000) }
                }
                continuation.resume(returning: records)
            }.start()
        }
    }
}
