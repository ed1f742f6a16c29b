import AsyncHTTPClient
import Foundation
import NIOCore

/// How fast the server gives back the engine slot of a streamed request whose client hung up.
///
/// Each trial fills every engine slot with a streamed request for a long text, reads its first bytes (so the
/// request is into its long second segment), queues a probe request behind them, then closes those
/// connections. The probe can only start once a slot is free, so (probe's first byte − close) − (the probe's
/// time to first byte on an idle server) is how long the server kept the abandoned work.
struct AbandonmentCheck {
    struct Result: Codable, Sendable {
        var slots: Int
        var trials: Int
        /// The probe's time to first byte on an idle server, median of three.
        var idleProbeFirstByteSeconds: Double
        /// Per trial: seconds from closing the connections to the probe's first byte.
        var closeToProbeFirstByteSeconds: [Double]
        /// Per trial: the above minus the idle probe time: the slot's release delay.
        var releaseSeconds: [Double]
        /// Trials in which the probe got its first byte before the connections were closed (slots not full).
        var unsaturatedTrials: Int
        /// Per trial, when the server exposes `cosyvoice_active_jobs` at `GET /metrics`: seconds from closing
        /// the connections until the gauge dropped back to its idle value (the server's own view of the release).
        var metricsReleaseSeconds: [Double]?
        var medianReleaseSeconds: Double? { releaseSeconds.isEmpty ? nil : BenchStatistics.median(releaseSeconds) }
        var maxReleaseSeconds: Double? { releaseSeconds.max() }
    }

    static let probeText = "Hello there, this is a short probe."
    static let longText = """
        Here is a longer passage for the abandonment check. The first sentence is short, but the ones that follow keep \
        the engine busy for a while. Each of them has about a dozen words, so that the second segment is long. The \
        reader goes on about the weather, the trains, and the price of bread in town. Nothing in it matters, except \
        that it takes several seconds to speak aloud. It should never reach the end, because the client hangs up \
        early. If you hear this sentence, the server kept working after the client left. The last words are here \
        only to make the passage long enough to matter.
        """

    var client: HTTPClient
    var host: String
    var port: Int
    var speaker: String
    var slots: Int
    var trials: Int
    /// The text of the abandoned requests; its second segment must keep a slot busy for well over 300 ms.
    var longText = AbandonmentCheck.longText

    func run(progress: (String) -> Void) async throws -> Result {
        let probe = CosyVoiceHTTPTarget(client: client, baseURL: "http://\(host):\(port)", speaker: speaker)
        let kind = RequestKind(textIndex: 0, stream: true, mp3: false)
        var idle: [Double] = []
        for _ in 0..<3 {
            let outcome = await probe.send(Self.probeText, kind: kind)
            guard outcome.status == .ok, let first = outcome.firstByteSeconds else {
                throw BenchError("probe request failed: \(outcome.status)")
            }
            idle.append(first)
        }
        let idleFirstByte = BenchStatistics.median(idle)
        let body = try JSONSerialization.data(withJSONObject: ["tts_text": longText, "spk_id": speaker, "stream": true])

        var closeToFirst: [Double] = []
        var released: [Double] = []
        var unsaturated = 0
        let clock = ContinuousClock()
        for trial in 1...trials {
            progress("abandonment trial \(trial)/\(trials)")
            let streams = try await fillSlots(body: body)
            let probeStart = clock.now
            let probeTask = Task { await probe.send(Self.probeText, kind: kind) }
            try await Task.sleep(for: .milliseconds(150))
            let closed = clock.now
            for stream in streams { stream.close() }
            let outcome = await probeTask.value
            guard outcome.status == .ok, let first = outcome.firstByteSeconds else {
                throw BenchError("probe request failed: \(outcome.status)")
            }
            let firstByteAt = probeStart + .milliseconds(Int64(first * 1000))
            if firstByteAt < closed {
                unsaturated += 1
            } else {
                let delay = (firstByteAt - closed).seconds
                closeToFirst.append(delay)
                released.append(max(0, delay - idleFirstByte))
            }
            try await Task.sleep(for: .milliseconds(1500))
        }
        let metricsReleases = try await metricsTrials(body: body, progress: progress)
        return Result(slots: slots, trials: trials, idleProbeFirstByteSeconds: idleFirstByte,
                      closeToProbeFirstByteSeconds: closeToFirst, releaseSeconds: released, unsaturatedTrials: unsaturated,
                      metricsReleaseSeconds: metricsReleases)
    }

    /// The same abandonment, watched through the server's `cosyvoice_active_jobs` gauge (polled every 5 ms);
    /// nil when the server has no such metric.
    private func metricsTrials(body: Data, progress: (String) -> Void) async throws -> [Double]? {
        guard let idle = await activeJobs() else { return nil }
        let clock = ContinuousClock()
        var releases: [Double] = []
        for trial in 1...trials {
            progress("abandonment trial \(trial)/\(trials) via /metrics")
            let streams = try await fillSlots(body: body)
            let closed = clock.now
            for stream in streams { stream.close() }
            while (clock.now - closed).seconds < 5 {
                if let active = await activeJobs(), active <= idle {
                    releases.append((clock.now - closed).seconds)
                    break
                }
                try await Task.sleep(for: .milliseconds(5))
            }
            try await Task.sleep(for: .milliseconds(1500))
        }
        return releases
    }

    /// Fills every engine slot with a streamed request for the long text, reads their first bytes, and waits
    /// until they are in their long second segment.
    private func fillSlots(body: Data) async throws -> [RawHTTPStream] {
        var streams: [RawHTTPStream] = []
        for _ in 0..<slots {
            streams.append(try await RawHTTPStream.open(host: host, port: port, path: "/tts/pcm", body: body))
        }
        for stream in streams { try await stream.readFirstBodyBytes() }
        try await Task.sleep(for: .milliseconds(300))
        return streams
    }

    /// `cosyvoice_active_jobs` from `GET /metrics`, if the server exposes it.
    private func activeJobs() async -> Int? {
        guard let response = try? await client.execute(HTTPClientRequest(url: "http://\(host):\(port)/metrics"), timeout: .seconds(2)),
              response.status == .ok,
              let body = try? await response.body.collect(upTo: 1 << 22) else { return nil }
        for line in String(buffer: body).split(separator: "\n") where line.hasPrefix("cosyvoice_active_jobs") {
            return line.split(separator: " ").last.flatMap { Double($0) }.map { Int($0) }
        }
        return nil
    }
}

/// A bare HTTP/1.1 request over a blocking socket, so the bench controls exactly when the connection closes.
/// Blocking calls run on a thread of their own, never on the cooperative pool.
final class RawHTTPStream: @unchecked Sendable {
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    /// Connects and sends a JSON POST.
    static func open(host: String, port: Int, path: String, body: Data) async throws -> RawHTTPStream {
        try await onThread {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw BenchError("socket() failed: errno \(errno)") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr(host)
            let connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            guard connected else {
                Glibc.close(fd)
                throw BenchError("connect to \(host):\(port) failed: errno \(errno)")
            }
            let head = "POST \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
            let request = Data(head.utf8) + body
            let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent == request.count else {
                Glibc.close(fd)
                throw BenchError("send failed: errno \(errno)")
            }
            return RawHTTPStream(fd: fd)
        }
    }

    /// Reads until the response head and at least one byte of body have arrived; fails on a status other
    /// than 200.
    func readFirstBodyBytes() async throws {
        try await Self.onThread { [fd] in
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(fd, &buffer, buffer.count, 0)
                guard count > 0 else { throw BenchError("connection ended before any audio") }
                received += buffer[0..<count]
                let separator: [UInt8] = [13, 10, 13, 10]
                guard let end = (0...max(0, received.count - 4)).first(where: { Array(received[$0..<min($0 + 4, received.count)]) == separator }) else { continue }
                let statusLine = String(decoding: received.prefix(while: { $0 != 13 }), as: UTF8.self)
                guard statusLine.contains(" 200") else { throw BenchError("abandoned request got \(statusLine)") }
                if received.count > end + 4 { return }
            }
        }
    }

    func close() { Glibc.close(fd) }

    private static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.start()
        }
    }
}
