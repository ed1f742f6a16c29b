import AsyncHTTPClient
import CosyVoiceTesting
import Foundation
import GRPCAPI
import GRPCCore
import GRPCNIOTransportHTTP2
import NIOCore
import Testing

@Suite("SIGTERM and SIGINT drain: not ready, in-flight streams complete, exit 0")
struct ShutdownTests {
    static let text = String(repeating: "The quick brown fox jumps over the lazy dog, and then it rests for a while. ", count: 40)
    static var request: [String: Any] { ["tts_text": text, "spk_id": "英文女", "sample_rate": 48000] }

    @Test("a stream in flight at SIGTERM or SIGINT completes in full, /ready turns 503 meanwhile, and the process exits 0",
          arguments: [SIGTERM, SIGINT])
    func streamSurvivesTheSignal(signal: Int32) async throws {
        let directory = TestDirectory.fresh("lifecycle")
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
        server.signal(signal)
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

    @Test("past --shutdown-grace a stream still in flight is cut off, and the process still exits 0")
    func graceExpiryCutsOffAndExits() async throws {
        let directory = TestDirectory.fresh("lifecycle")
        let server = try await ServerProcess.start(dataDirectory: directory, arguments: ["--shutdown-grace", "1"])
        let response = try await server.post("/tts/pcm", json: Self.request)
        #expect(response.status == .ok)
        var body = response.body.makeAsyncIterator()
        var received = try await body.next()?.readableBytes ?? 0
        let signalled = ContinuousClock.now
        server.signal(SIGTERM)
        // The client is not reading: the stream cannot finish within a second.
        #expect(await server.exitStatus() == 0)
        #expect(ContinuousClock.now - signalled < .seconds(30), "the process waited far past its grace period")
        var broken = false
        do {
            while let buffer = try await body.next() { received += buffer.readableBytes }
        } catch {
            broken = true
        }
        #expect(broken, "a cut-off stream must end abnormally, not look complete (\(received) bytes)")
        #expect(server.output.contains("grace period over"))
    }

    @Test("a gRPC stream in flight at SIGTERM completes, a new call is refused UNAVAILABLE, and the process exits 0")
    func grpcStreamSurvivesSIGTERM() async throws {
        let directory = TestDirectory.fresh("lifecycle")
        let server = try await ServerProcess.start(dataDirectory: directory, arguments: ["--shutdown-grace", "120"])
        let request = Cosyvoice_Request.with { $0.sftRequest = .with { $0.spkID = "英文女"; $0.ttsText = Self.text } }
        try await withGRPCClient(transport: .http2NIOPosix(target: .ipv4(address: "127.0.0.1", port: server.grpcPort),
                                                           transportSecurity: .plaintext)) { grpc in
            let client = Cosyvoice_CosyVoice.Client(wrapping: grpc)
            let reference = try await client.collect(request).pcm.count
            let (received, refused) = try await client.inference(request) { response -> (Int, RPCError.Code?) in
                var messages = response.messages.makeAsyncIterator()
                var received = try await messages.next()?.ttsAudio.count ?? 0
                server.signal(SIGTERM)
                // Draining: the server refuses new calls while this one goes on.
                var refused: RPCError.Code?
                for _ in 0..<100 where refused == nil {
                    refused = await client.failure(.with { $0.sftRequest = .with { $0.spkID = "英文女"; $0.ttsText = "Hi." } }).code
                    if refused == nil { try await Task.sleep(for: .milliseconds(50)) }
                }
                while let message = try await messages.next() { received += message.ttsAudio.count }
                return (received, refused)
            }
            #expect(refused == .unavailable)
            #expect(abs(received - reference) <= reference / 200, "received \(received) of \(reference) bytes")
        }
        #expect(await server.exitStatus() == 0)
    }
}
