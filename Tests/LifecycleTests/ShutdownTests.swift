import AsyncHTTPClient
import CosyVoiceTesting
import Foundation
import NIOCore
import Testing

@Suite("SIGTERM drains: not ready, in-flight streams complete, exit 0")
struct ShutdownTests {
    static let text = String(repeating: "The quick brown fox jumps over the lazy dog, and then it rests for a while. ", count: 40)
    static var request: [String: Any] { ["tts_text": text, "spk_id": "英文女", "sample_rate": 48000] }

    @Test("a stream in flight at SIGTERM completes in full, /ready turns 503 meanwhile, and the process exits 0")
    func streamSurvivesSIGTERM() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lifecycle-\(UUID().uuidString)")
        let server = try await ServerProcess.start(dataDirectory: directory, arguments: ["--shutdown-grace", "120"])
        // The whole answer once, undisturbed, to compare lengths with. (Resampling chunk boundaries move the
        // length by a few milliseconds from run to run; a cut-off stream would be short by far more, and would
        // also end without its terminating chunk, which the client reports as an error.)
        let reference = try await server.post("/tts/pcm", json: Self.request).body.collect(upTo: 512 * 1024 * 1024).readableBytes
        #expect(reference > 4 * 1024 * 1024, "the audio must be far larger than socket buffers")

        let response = try await server.post("/tts/pcm", json: Self.request)
        #expect(response.status == .ok)
        var body = response.body.makeAsyncIterator()
        var received = try await body.next()?.readableBytes ?? 0
        // Not reading further keeps the stream in flight (backpressure) while the shutdown begins.
        server.signal(SIGTERM)
        var sawNotReady = false
        for _ in 0..<200 where !sawNotReady {
            let ready = try await server.get("/ready")
            if ready.status == 503 {
                let json = try JSONSerialization.jsonObject(with: ready.body) as? [String: Any]
                sawNotReady = json?["ready"] as? Bool == false && json?["draining"] as? Bool == true
            } else {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        #expect(sawNotReady)
        while let buffer = try await body.next() { received += buffer.readableBytes }
        #expect(abs(received - reference) <= reference / 200, "received \(received) of \(reference) bytes")
        #expect(await server.exitStatus() == 0)
        #expect(server.output.contains("speaker store closed"))
    }
}
