import Foundation

/// How one abusive request went, as its client saw it.
struct AbuseOutcome: Sendable {
    enum Result: Sendable, Equatable {
        /// The server answered with this status.
        case status(Int)
        /// The connection was reset (RST) before a response head arrived.
        case reset
        /// The server closed the connection before a response head arrived.
        case closed
        /// No response head within ``AbuseExchange/timeout`` seconds.
        case timedOut
        /// The connection could not be made (e.g. the server is gone).
        case connectFailed
    }

    var result: Result
    /// Seconds from connecting to the end of the exchange (the response head and message, a reset, a close).
    var seconds = 0.0
    /// Whether the response head arrived before the whole body was sent: the server refused without reading it all.
    var answeredBeforeBodySent = false
    /// The start of the response body (the server's message), at most ``AbuseExchange/detailLength`` characters.
    var detail = ""

    /// The result's name in the report: "400", "reset", "timeout"…
    var label: String {
        switch result {
        case .status(let code): "\(code)"
        case .reset: "reset"
        case .closed: "closed"
        case .timedOut: "timeout"
        case .connectFailed: "connect failed"
        }
    }
}

/// One request over a fresh loopback connection with a non-blocking socket and `poll`, so a response that
/// arrives while the body is still being sent is seen at once, and a reset shows as a reset. Blocking: run it on a
/// thread of its own.
enum AbuseExchange {
    /// Seconds one exchange may take before it counts as timed out.
    static let timeout = 30.0
    static let detailLength = 160
    /// Largest response head read (bytes); a longer one ends the exchange with what arrived.
    private static let maxHead = 65_536
    /// Bytes handed to one `send` call.
    private static let sendSlice = 1 << 18

    static func send(_ request: AbusiveRequest, port: Int, deadline: ContinuousClock.Instant) -> AbuseOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        var outcome = exchange(request, port: port, deadline: deadline)
        outcome.seconds = (clock.now - start).seconds
        return outcome
    }

    private static func exchange(_ request: AbusiveRequest, port: Int, deadline: ContinuousClock.Instant) -> AbuseOutcome {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return AbuseOutcome(result: .connectFailed) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        // Non-blocking from the start, so a full listen queue cannot hold the connect past the deadline either.
        guard fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == 0 else { return AbuseOutcome(result: .connectFailed) }
        let started = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard started || errno == EINPROGRESS, connected(fd, by: deadline) else { return AbuseOutcome(result: .connectFailed) }

        let total = request.bytes.count
        var sent = 0
        var sending = true
        var received = Data()
        var response = ResponseHead?.none
        var buffer = [UInt8](repeating: 0, count: 16_384)
        let clock = ContinuousClock()
        while clock.now < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN) | (sending ? Int16(POLLOUT) : 0), revents: 0)
            let ready = poll(&poller, 1, 200)
            if ready < 0 && errno != EINTR { return AbuseOutcome(result: .reset) }
            guard ready > 0 else { continue }
            if poller.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count > 0 {
                    received.append(contentsOf: buffer[0..<count])
                    if response == nil {
                        response = ResponseHead(received, maxHead: maxHead, answeredEarly: sent < total)
                    }
                    if let response, response.isComplete(received) { return response.outcome(received) }
                } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                    if let response { return response.outcome(received) }
                    return AbuseOutcome(result: count == 0 ? .closed : .reset)
                }
            }
            if sending && poller.revents & Int16(POLLOUT) != 0 {
                let count = request.bytes.withUnsafeBytes { bytes in
                    Glibc.send(fd, bytes.baseAddress! + sent, min(sendSlice, total - sent), Int32(MSG_NOSIGNAL))
                }
                if count > 0 {
                    sent += count
                    sending = sent < total
                } else if count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
                    // The server stopped reading (EPIPE, ECONNRESET); a response it sent first may still be queued.
                    sending = false
                }
            }
        }
        if let response { return response.outcome(received) }
        return AbuseOutcome(result: .timedOut)
    }

    /// Waits for a non-blocking connect to finish; false if it failed or the deadline passed.
    private static func connected(_ fd: Int32, by deadline: ContinuousClock.Instant) -> Bool {
        let clock = ContinuousClock()
        while clock.now < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&poller, 1, 200)
            guard ready != 0 else { continue }
            if ready < 0 {
                if errno == EINTR { continue }
                return false
            }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            return getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0
        }
        return false
    }

    /// The status line and headers of a response, once they have all arrived.
    private struct ResponseHead {
        let status: Int
        let bodyStart: Int
        /// Body bytes to wait for before the exchange ends: the `Content-Length`, capped; 0 when not given.
        let bodyWanted: Int
        let answeredEarly: Bool

        init?(_ received: Data, maxHead: Int, answeredEarly: Bool) {
            self.answeredEarly = answeredEarly
            let separator = Data("\r\n\r\n".utf8)
            let end = received.range(of: separator)
            guard end != nil || received.count >= maxHead else { return nil }
            let headEnd = end?.lowerBound ?? received.count
            let head = String(decoding: received.prefix(headEnd - received.startIndex), as: UTF8.self)
            let lines = head.split(separator: "\r\n")
            status = lines.first.flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) } ?? 0
            bodyStart = end?.upperBound ?? received.count
            let length = lines.dropFirst().lazy.compactMap { line -> Int? in
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                return Int(parts[1].trimmingCharacters(in: .whitespaces))
            }.first
            bodyWanted = min(length ?? 0, AbuseExchange.detailLength * 4)
        }

        func isComplete(_ received: Data) -> Bool { received.count - bodyStart >= bodyWanted }

        func outcome(_ received: Data) -> AbuseOutcome {
            let body = String(decoding: received.suffix(from: bodyStart).prefix(AbuseExchange.detailLength * 4), as: UTF8.self)
            return AbuseOutcome(result: .status(status), answeredBeforeBodySent: answeredEarly,
                                detail: String(body.prefix(AbuseExchange.detailLength)))
        }
    }
}
