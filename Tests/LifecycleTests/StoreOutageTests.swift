import AsyncHTTPClient
import CosyVoiceTesting
import Foundation
import GRPCAPI
import GRPCCore
import GRPCNIOTransportHTTP2
import Synthesis
import Testing

/// `cosyvoice serve --store postgres://…` while its database goes away and comes back: not ready and 503 /
/// UNAVAILABLE with a plain message meanwhile (never a 500 or the driver's words), and by itself whole again.
@Suite("A PostgreSQL store that goes down and comes back")
struct StoreOutageTests {
    @Test("database down: /ready 503, store requests 503 / UNAVAILABLE with a clear message; back: ready, the clone is there")
    func outageAndRecovery() async throws {
        let postgres = try await TemporaryPostgres.start()
        let directory = RunningServer.temporaryDirectory()
        var server: ServerProcess?
        do {
            let settings = try await postgres.makeDatabase()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let passwordFile = directory.appendingPathComponent("store-password")
            try Data((TemporaryPostgres.password + "\n").utf8).write(to: passwordFile)
            let started = try await ServerProcess.start(dataDirectory: directory, arguments: [
                "--store", postgres.url(database: settings.database), "--store-password-file", passwordFile.path,
            ])
            server = started
            #expect(try await started.get("/ready").status == 200)
            let clone = RequestBody.multipart(["spk_id": "durable", "prompt_text": Fixtures.promptText],
                                              files: ["prompt_audio": ("p.wav", Fixtures.promptWAV)])
            #expect(try await ClusterHTTP.send(started.url("/clone"), method: .POST, body: clone).status == 200)

            await postgres.stopServer(SIGKILL)
            let ready = try await started.get("/ready")
            #expect(ready.status == 503)
            #expect(String(decoding: ready.body, as: UTF8.self).contains("\"store_open\":false"))
            for (path, body) in [("/tts", RequestBody.json(["tts_text": "Hello.", "spk_id": "durable"])),
                                 ("/clone", clone)] {
                let reply = try await ClusterHTTP.send(started.url(path), method: .POST, body: body)
                #expect(reply.status == 503, "\(path)")
                #expect(reply.header("Retry-After") == "1", "\(path)")
                let text = String(decoding: reply.body, as: UTF8.self)
                #expect(text.contains(SpeakerStoreUnavailable.message), "\(path): \(text)")
                #expect(!text.lowercased().contains("psql") && !text.contains("127.0.0.1"), "\(path) leaks the driver's error: \(text)")
            }
            for path in ["/available_spks", "/speakers"] {
                let reply = try await started.get(path)
                #expect(reply.status == 503, "\(path)")
            }
            let grpcCode = try await withGRPCClient(transport: .http2NIOPosix(target: .ipv4(address: "127.0.0.1", port: started.grpcPort),
                                                                              transportSecurity: .plaintext)) { grpc in
                await Cosyvoice_CosyVoice.Client(wrapping: grpc).failure(.with { $0.sftRequest = .with { $0.spkID = "durable"; $0.ttsText = "Hi." } }).code
            }
            #expect(grpcCode == .unavailable)
            // Built-in speakers need no store: they still speak.
            let builtIn = try await ClusterHTTP.post(started.url("/tts"), json: ["tts_text": "Hello.", "spk_id": "英文女", "format": "pcm"])
            #expect(builtIn.status == 200 && !builtIn.body.isEmpty)

            try await postgres.startServer()
            var recovered = false
            for _ in 0..<150 where !recovered {
                recovered = (try? await started.get("/ready"))?.status == 200
                if !recovered { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(recovered, "the server did not become ready again")
            let reply = try await ClusterHTTP.post(started.url("/tts"), json: ["tts_text": "Hello again.", "spk_id": "durable", "format": "pcm"])
            #expect(reply.status == 200 && !reply.body.isEmpty)
            #expect(started.output.contains("speaker store unreachable"), "the cause is not in the log")
        } catch {
            await Self.cleanUp(server, postgres, directory)
            throw error
        }
        await Self.cleanUp(server, postgres, directory)
    }

    static func cleanUp(_ server: ServerProcess?, _ postgres: TemporaryPostgres, _ directory: URL) async {
        if let server {
            server.signal(SIGTERM)
            _ = await server.exitStatus()
        }
        await postgres.remove()
        try? FileManager.default.removeItem(at: directory)
    }
}
