import AsyncHTTPClient
import CosyVoiceTesting
import Foundation
import Glibc
import NIOCore
import Server
import Synthesis
import Testing

/// What `serve`'s flags and `COSYVOICE_*` variables promise, through the real binary.
@Suite("serve: flags and environment variables reach the server")
struct ServeFlagsTests {
    static func temporaryDirectory() -> URL {
        TestDirectory.fresh("lifecycle-flags")
    }

    @Test("COSYVOICE_* variables and flags set ports, keys, limits, the log file, the voices config and extra voices")
    func flagsAndEnvironmentReachTheServer() async throws {
        let directory = Self.temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let logFile = directory.appendingPathComponent("elsewhere/cosyvoice.log")
        let config = directory.appendingPathComponent("assignments.yaml")
        try "speakers:\n  英文男: espeak:en-us\n".write(to: config, atomically: true, encoding: .utf8)
        // An extra voices directory holding the installed Piper voice under another name.
        let voices = directory.appendingPathComponent("voices")
        try FileManager.default.createDirectory(at: voices, withIntermediateDirectories: true)
        let installed = ServerConfiguration().systemVoicesDirectory.appendingPathComponent("en_US-joe-medium")
        for suffix in [".onnx", ".onnx.json"] {
            try FileManager.default.createSymbolicLink(at: voices.appendingPathComponent("en_US-extra-medium" + suffix),
                                                       withDestinationURL: installed.appendingPathExtension(String(suffix.dropFirst())))
        }
        let (http, grpc) = (try LoopbackSocket.freePort(), try LoopbackSocket.freePort())
        let server = try await ServerProcess.start(
            dataDirectory: directory,
            arguments: ["--log-file", logFile.path, "--voices-config", config.path, "--metrics-open", "--voices-dir", voices.path],
            environment: ["COSYVOICE_PORT": "\(http)", "COSYVOICE_GRPC_PORT": "\(grpc)", "COSYVOICE_API_KEYS": "k-one, k-two",
                          "COSYVOICE_MAX_TEXT_CHARS": "20"],
            freePorts: false)
        defer { server.signal(SIGKILL) }
        #expect(server.httpPort == http && server.grpcPort == grpc)

        func post(_ text: String, key: String?) async throws -> (status: Int, body: String) {
            var request = HTTPClientRequest(url: server.url("/tts/pcm"))
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            if let key { request.headers.add(name: "X-API-Key", value: key) }
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["tts_text": text, "spk_id": "英文男"])))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 24)))
        }
        #expect(try await post("Hello.", key: nil).status == 401)
        #expect(try await post("Hello.", key: "k-two").status == 200)
        let long = try await post("This text is longer than twenty.", key: "k-one")
        #expect(long.status == 400 && long.body.contains("the limit is 20"), "\(long)")
        #expect(try await server.get("/metrics").status == 200, "--metrics-open")
        var listing = HTTPClientRequest(url: server.url("/available_spks"))
        listing.headers.add(name: "Authorization", value: "Bearer k-one")
        let listed = try await HTTPClient.shared.execute(listing, timeout: .seconds(30)).body.collect(upTo: 1 << 20)
        let speakers = try JSONSerialization.jsonObject(with: Data(buffer: listed)) as? [String: [String]]
        #expect(speakers?["speakers"]?.contains("en_US-extra-medium") == true, "--voices-dir")

        // The log goes to --log-file, not to <data-dir>/logs/server.log, and records the assignment and requests.
        var logged = ""
        for _ in 0..<200 where !logged.contains("status=200") {
            logged = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(logged.contains("route=\"POST /tts/pcm\"") || logged.contains("route=POST /tts/pcm"), "no request line in \(logFile.path)")
        #expect(logged.contains("id=英文男 voice=espeak:en-us"), "--voices-config")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("logs/server.log").path))
    }

    @Test("a malformed COSYVOICE_* value stops start-up with a message naming it")
    func malformedEnvironmentValueStopsStartUp() async throws {
        let run = try await ChildProcess.run(ServerProcess.binary, ["serve", "--data-dir", Self.temporaryDirectory().path],
                                             environment: ["COSYVOICE_MAX_QUEUE": "many"])
        let output = run.standardError
        #expect(run.status != 0)
        #expect(output.contains("COSYVOICE_MAX_QUEUE=many"), "\(output)")
    }

    @Test("serve --help states the defaults the README documents")
    func helpStatesTheDocumentedDefaults() async throws {
        let help = try await ChildProcess.run(ServerProcess.binary, ["serve", "--help"]).standardOutput
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        // README, "Operating it": the limits table, and the ports of "Using it".
        for (flag, value) in [("--max-body-bytes", "20971520"), ("--max-text-chars", "5000"), ("--max-prompt-text-chars", "1000"),
                              ("--max-instruct-text-chars", "1000"), ("--min-prompt-seconds", "0.5"), ("--max-prompt-seconds", "30"),
                              ("--min-prompt-sample-rate", "16000"), ("--max-speakers", "1000"), ("--max-spk-id-length", "64"),
                              ("--request-timeout", "300"), ("--body-timeout", "60"), ("--idle-timeout", "60"),
                              ("--max-connections", "1024"), ("--max-queue", "16"), ("--max-conc", "4"), ("--port", "50000"),
                              ("--grpc-port", "50001"), ("--shutdown-grace", "30"), ("--raw-pcm-rate", "22050"),
                              ("--store-pool-size", "8")] {
            guard let range = help.range(of: flag + " <") else {
                Issue.record("\(flag) is not in serve --help")
                continue
            }
            let entry = help[range.upperBound...].prefix { $0 != "]" }
            #expect(entry.contains("[default: \(value)"), "\(flag): \(entry)")
        }
    }
}
