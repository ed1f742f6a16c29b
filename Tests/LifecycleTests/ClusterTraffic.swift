import AsyncHTTPClient
import CosyVoiceTesting
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// How one streamed request went, as its client saw it.
struct RequestOutcome: Sendable {
    var start: ContinuousClock.Instant
    var end: ContinuousClock.Instant
    /// 200 and the whole audio, the stream ended normally.
    var succeeded: Bool
    var detail: String
}

/// Streamed `/tts` requests from client workers in a loop until stopped, each outcome kept.
final class SteadyLoad: Sendable {
    let outcomes = Mutex<[RequestOutcome]>([])
    private let stopped = Atomic(false)
    private let streams = Atomic(0)

    /// Two sentences: the answer streams for a while after its first audio.
    static let text = "Streams keep flowing while replicas come and go behind the proxy. A replica that goes away takes only what it was saying."
    /// The neural English voice: each request takes a while, so some are always in flight.
    static var body: [String: Any] { ["tts_text": text, "spk_id": "英文男", "format": "pcm"] }

    /// Every outcome so far.
    var all: [RequestOutcome] { outcomes.withLock { $0 } }
    func stop() { stopped.store(true, ordering: .releasing) }
    /// Responses that have sent audio and not yet ended, now.
    var streaming: Int { streams.load(ordering: .acquiring) }

    /// Runs `workers` loops of requests to `url` until ``stop()``; each expects about `expectedBytes` of PCM.
    func run(workers: Int, url: String, expectedBytes: Int) async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask { [self] in
                    while !stopped.load(ordering: .acquiring) {
                        let start = ContinuousClock.now
                        let (succeeded, detail, streamed) = await Self.request(url, expectedBytes: expectedBytes) {
                            self.streams.add(1, ordering: .acquiringAndReleasing)
                        }
                        if streamed { streams.subtract(1, ordering: .acquiringAndReleasing) }
                        outcomes.withLock { $0.append(RequestOutcome(start: start, end: .now, succeeded: succeeded, detail: detail)) }
                    }
                }
            }
        }
    }

    /// One `/tts` streamed as raw PCM, read to its end. A stream cut short ends with an error (nginx closes the
    /// connection without the last chunk), which is what fails it; the length check (±10 %: the neural voice's
    /// durations vary a little from one synthesis to the next) only catches a body that is plainly not the
    /// whole audio.
    /// - Returns: whether it succeeded, why not, and whether audio had started to arrive.
    static func request(_ url: String, expectedBytes: Int,
                        onFirstByte: @escaping @Sendable () -> Void = {}) async -> (succeeded: Bool, detail: String, streamed: Bool) {
        let streamed = Atomic(false)
        do {
            let reply = try await ClusterHTTP.send(url, method: .POST, body: RequestBody.json(body)) {
                streamed.store(true, ordering: .releasing)
                onFirstByte()
            }
            let started = streamed.load(ordering: .acquiring)
            guard reply.status == 200 else {
                return (false, "status \(reply.status): \(String(decoding: reply.body.prefix(200), as: UTF8.self))", started)
            }
            guard abs(reply.body.count - expectedBytes) <= expectedBytes / 10 else {
                return (false, "\(reply.body.count) of \(expectedBytes) bytes", started)
            }
            return (true, "", started)
        } catch {
            return (false, "\(error)", streamed.load(ordering: .acquiring))
        }
    }
}

/// Plain HTTP calls of the replica tests, with the time to the first body byte.
enum ClusterHTTP {
    struct Reply: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: Data
        /// From sending the request to the first byte of the body.
        var firstByte: Duration?
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    static func post(_ url: String, json: [String: Any]) async throws -> Reply {
        try await send(url, method: .POST, body: RequestBody.json(json))
    }

    static func get(_ url: String) async throws -> Reply {
        try await send(url, method: .GET, body: nil)
    }

    /// - Parameter onFirstByte: called when the first byte of the body arrives.
    static func send(_ url: String, method: HTTPMethod, body: RequestBody?, onFirstByte: () -> Void = {}) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: body.contentType)
            request.body = .bytes(ByteBuffer(bytes: body.data))
        }
        let start = ContinuousClock.now
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        var data = Data()
        var firstByte: Duration?
        for try await buffer in response.body {
            if firstByte == nil, buffer.readableBytes > 0 {
                firstByte = .now - start
                onFirstByte()
            }
            data.append(contentsOf: buffer.readableBytesView)
        }
        return Reply(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: data, firstByte: firstByte)
    }

    /// `/clone` of the fixture prompt under `id`; the status.
    static func clone(_ url: String, id: String) async throws -> Int {
        let body = RequestBody.multipart(["spk_id": id, "prompt_text": Fixtures.promptText],
                                         files: ["prompt_audio": ("prompt.wav", Fixtures.promptWAV)])
        return try await send(url, method: .POST, body: body).status
    }
}
