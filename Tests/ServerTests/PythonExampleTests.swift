import AudioIO
import CosyVoiceTesting
import Foundation
import Server
import Synthesis
import Testing

/// The Python example clients (`examples/python`) run as a user runs them, with the virtualenv `scripts/setup`
/// makes, against the live server: the WAV they save is what a listener plays.
@Suite("The Python example clients save the server's speech at the rate it states")
struct PythonExampleTests {
    /// The raw PCM rate the test servers send: not the 22050 Hz the clients fall back on, so a WAV at this rate
    /// can only come from the rate the server stated (`X-Sample-Rate`, gRPC `x-sample-rate`).
    static let statedRate = 16000

    enum Client: String, CaseIterable, Sendable {
        case rest, grpc

        var script: URL { Fixtures.repository.appendingPathComponent("examples/python/\(rawValue)_client.py") }

        func port(of server: RunningServer) -> Int { self == .rest ? server.port : server.grpcPort }
    }

    /// One command line of an example client, without host, port and output file.
    struct Example: Sendable, CustomTestStringConvertible {
        var client: Client
        var arguments: [String]
        var testDescription: String { "\(client.rawValue) \(arguments[1])" }
    }

    static let sentence = "今天天气很好，我们一起去公园散步吧。"
    static let zeroShot = ["--mode", "zero_shot", "--tts_text", sentence,
                           "--prompt_text", Fixtures.promptText, "--prompt_wav", Fixtures.promptURL.path]

    static let examples: [Example] = [
        Example(client: .rest, arguments: ["--mode", "sft", "--spk_id", "中文女", "--tts_text", sentence]),
        Example(client: .rest, arguments: zeroShot),
        Example(client: .rest, arguments: ["--mode", "instruct", "--spk_id", "英文男", "--instruct_text", "Please speak slowly.",
                                           "--tts_text", "See you tomorrow morning at the school gate."]),
        Example(client: .grpc, arguments: ["--mode", "sft", "--spk_id", "中文女", "--tts_text", sentence]),
        Example(client: .grpc, arguments: zeroShot),
    ]

    /// The virtualenv's python; a missing one fails the test with what to do about it.
    static func python() throws -> URL {
        let python = Fixtures.repository.appendingPathComponent(".build-python/venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw MissingEnvironment(path: python.path)
        }
        return python
    }

    struct MissingEnvironment: Error, CustomStringConvertible {
        var path: String
        var description: String { "no Python environment for the example clients at \(path): run scripts/setup" }
    }

    /// Runs `client` against `server` with `arguments`, saving to `output`.
    static func run(_ client: Client, _ arguments: [String], against server: RunningServer, output: String) async throws -> ChildProcess.Outcome {
        try await ChildProcess.run(try python(), [client.script.path, "--host", "127.0.0.1", "--port", "\(client.port(of: server))",
                                                  "--tts_wav", output] + arguments,
                                   environment: ["PYTHONDONTWRITEBYTECODE": "1"], timeout: .seconds(180))
    }

    static func withServer(_ body: (RunningServer) async throws -> Void) async throws {
        try await RunningServer.run(configure: { $0.rawPCMRate = .fixed(statedRate) }, body)
    }

    static func outputPath() -> String {
        TestDirectory.fresh("python-example").path + ".wav"
    }

    @Test(arguments: examples)
    func savesSpeechAtTheStatedRate(_ example: Example) async throws {
        try await Self.withServer { server in
            let output = Self.outputPath()
            defer { try? FileManager.default.removeItem(atPath: output) }
            let outcome = try await Self.run(example.client, example.arguments, against: server, output: output)
            try #require(outcome.status == 0, "exit status \(outcome.status); standard error:\n\(outcome.standardError)")

            let audio = try AudioDecoder.decode(try Data(contentsOf: URL(fileURLWithPath: output)))
            let stated = try #require(server.configuration.rawPCMRate.rate(requested: nil))
            #expect(audio.sampleRate == stated)
            // One sentence of speech: seconds, not a click and not a runaway.
            #expect(audio.duration > 1 && audio.duration < 15, "\(audio.duration) s")
            #expect(rms(audio.samples) > 0.01, "RMS \(rms(audio.samples)): silence")
        }
    }

    @Test(arguments: Client.allCases)
    func anUnknownSpeakerExitsNonZeroWithTheServersMessage(_ client: Client) async throws {
        try await Self.withServer { server in
            let output = Self.outputPath()
            let speaker = "没有这个人"
            let outcome = try await Self.run(client, ["--mode", "sft", "--spk_id", speaker, "--tts_text", Self.sentence],
                                             against: server, output: output)
            #expect(outcome.status != 0)
            let message = SynthesisError.unknownSpeaker(speaker).description
            #expect(outcome.standardError.contains(message), "standard error:\n\(outcome.standardError)")
            #expect(!FileManager.default.fileExists(atPath: output), "a refused request leaves no file")
        }
    }
}
