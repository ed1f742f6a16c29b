import CosyVoiceTesting
import Foundation
import NIOHTTP1

/// Sends a request exactly as written over a new connection and reads the reply to its end: no client library
/// re-encodes a `%zz` in the target, chokes on an 80 kB header, or refuses to announce a body it does not send.
/// The blocking socket calls run on a thread of their own, so the server's handlers keep the cooperative pool.
enum RawExchange {
    /// - Parameters:
    ///   - method: the request method, POST unless given.
    ///   - contentLength: the `Content-Length` to announce; the body's own length when nil.
    static func send(port: Int, _ target: String, method: String = "POST", headers: [String] = [], body: Data = Data(),
                     contentLength: Int? = nil) async throws -> Reply {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    try exchange(port: port, method, target, headers: headers, body: body, contentLength: contentLength ?? body.count)
                })
            }.start()
        }
    }

    private static func exchange(port: Int, _ method: String, _ target: String, headers: [String], body: Data, contentLength: Int) throws -> Reply {
        let fd = try LoopbackSocket.connect(port: port)
        defer { close(fd) }
        var request = Data("\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: \(contentLength)\r\n".utf8)
        request.append(Data(headers.map { $0 + "\r\n" }.joined().utf8))
        request.append(Data("\r\n".utf8))
        request.append(body)
        try request.withUnsafeBytes { bytes in
            var sent = 0
            while sent < bytes.count {
                let written = Glibc.send(fd, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
                guard written > 0 else { throw POSIXError(.EPIPE) }
                sent += written
            }
        }
        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while case let count = recv(fd, &buffer, buffer.count, 0), count > 0 { response.append(contentsOf: buffer[..<count]) }
        guard let split = response.firstRange(of: Data("\r\n\r\n".utf8)) else { throw POSIXError(.EBADMSG) }
        let head = String(decoding: response[..<split.lowerBound], as: UTF8.self)
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        var replyHeaders = HTTPHeaders()
        for line in head.split(separator: "\r\n").dropFirst() {
            let pair = line.split(separator: ":", maxSplits: 1)
            if pair.count == 2 { replyHeaders.add(name: String(pair[0]), value: pair[1].trimmingCharacters(in: .whitespaces)) }
        }
        return Reply(status: status, headers: replyHeaders, body: Data(response[split.upperBound...]))
    }
}
