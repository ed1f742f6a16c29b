import CosyVoiceTesting
import Foundation
import Testing

/// The connection limits of `cosyvoice serve`, given as flags to the real binary: idle connections are
/// closed, a body that does not arrive gets 408, and connections beyond the cap wait until one closes.
@Suite("Connections: idle timeout, body timeout and the connection cap, through serve's flags")
struct ConnectionLimitTests {
    static func temporaryDirectory() -> URL {
        TestDirectory.fresh("lifecycle-connections")
    }

    @Test("an idle connection is closed after --idle-timeout, a withheld body gets 408 after --body-timeout, and --max-connections holds back the connection beyond it")
    func connectionLimits() async throws {
        let server = try await ServerProcess.start(dataDirectory: Self.temporaryDirectory(),
                                                   arguments: ["--idle-timeout", "3", "--body-timeout", "1", "--max-connections", "2"])
        defer { server.signal(SIGKILL) }

        // Idle: connected, nothing sent; the server closes it.
        let idle = try TestSocket(port: server.httpPort)
        #expect(idle.readUntilClosed(within: 30).isEmpty)
        #expect(idle.closedByPeer, "the server must close a connection that stays idle")

        // Body withheld: the head announces 1000 bytes, 10 arrive.
        let slow = try TestSocket(port: server.httpPort)
        slow.send("POST /tts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"tts_text\"")
        let answer = slow.readUntilClosed(within: 30)
        #expect(answer.hasPrefix("HTTP/1.1 408"), "\(answer.prefix(200))")
        #expect(answer.contains("did not arrive within 1 s"))
        slow.close()

        // Cap of 2: two open connections, a third waits, and is served once one of the two closes.
        let first = try TestSocket(port: server.httpPort)
        let second = try TestSocket(port: server.httpPort)
        first.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        second.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(first.read(within: 10).hasPrefix("HTTP/1.1 200"))
        #expect(second.read(within: 10).hasPrefix("HTTP/1.1 200"))
        let third = try TestSocket(port: server.httpPort)
        third.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(third.read(within: 1.5).isEmpty, "a third connection must wait while two are open")
        first.close()
        #expect(third.read(within: 20).hasPrefix("HTTP/1.1 200"))
        second.close()
        third.close()
    }
}

/// A plain TCP connection to the server on loopback, for what an HTTP client library will not do (stay silent,
/// withhold a body).
final class TestSocket: @unchecked Sendable {
    private var fd: Int32

    init(port: Int) throws {
        fd = try LoopbackSocket.connect(port: port)
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// What arrives within `seconds` (stops at the first bytes, at a close, or at the time limit).
    func read(within seconds: Double) -> String {
        var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pollFD, 1, Int32(seconds * 1000)) > 0 else { return "" }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
    }

    /// Everything that arrives until the server closes the connection, or until `seconds` have passed
    /// (``closedByPeer`` tells which).
    func readUntilClosed(within seconds: Double) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var text = ""
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Date() < deadline {
            var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pollFD, 1, 200) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 {
                closedByPeer = true
                return text
            }
            text += String(decoding: buffer[0..<n], as: UTF8.self)
        }
        return text
    }

    /// Whether the server closed the connection (seen by ``readUntilClosed(within:)``).
    private(set) var closedByPeer = false

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    deinit { close() }
}
