import AudioIO
import CosyVoiceTesting
import Foundation
import Testing

/// The official OpenAI Python SDK (`examples/python/openai_client.py`, the `openai` package `scripts/setup`
/// installs) against the live server: every `response_format`, streamed as audio and as server-sent events,
/// decodes to the speech of the text; a refused request raises the SDK's exception for its status.
@Suite("The OpenAI Python SDK gets speech in every format")
struct OpenAIClientTests {
    static let input = "The quick brown fox jumps over the lazy dog, and then it runs away."

    struct Case: Sendable, CustomTestStringConvertible {
        var format: AudioFormat
        var streamFormat: String
        var testDescription: String { "\(format.rawValue) as \(streamFormat)" }
    }

    static let cases = AudioFormat.allCases.flatMap { format in ["audio", "sse"].map { Case(format: format, streamFormat: $0) } }

    static func run(_ arguments: [String], against server: RunningServer) async throws -> ChildProcess.Outcome {
        try await ChildProcess.run(try PythonExampleTests.python(),
                                   [Fixtures.repository.appendingPathComponent("examples/python/openai_client.py").path,
                                    "--base_url", "http://127.0.0.1:\(server.port)/v1"] + arguments,
                                   environment: ["PYTHONDONTWRITEBYTECODE": "1"], timeout: .seconds(180))
    }


    @Test(arguments: cases)
    func everyFormatStreamsSpeech(_ testCase: Case) async throws {
        try await RunningServer.run { server in
            let output = TestDirectory.fresh("openai").appendingPathExtension(testCase.format.rawValue)
            defer { try? FileManager.default.removeItem(at: output) }
            let outcome = try await Self.run(["--voice", "onyx", "--input", Self.input, "--response_format", testCase.format.rawValue,
                                              "--stream_format", testCase.streamFormat, "--out", output.path], against: server)
            try #require(outcome.status == 0, "exit status \(outcome.status); standard error:\n\(outcome.standardError)")
            // OpenAI's `pcm` is headerless 24 kHz int16 mono; the other formats carry their rate.
            let audio = try testCase.format.decode(try Data(contentsOf: output), sampleRate: 24000)
            // 14 words: about 3–6 s of speech.
            #expect(audio.duration > 2.5 && audio.duration < 8, "\(audio.duration) s")
            #expect(rms(audio.samples) > 0.02, "RMS \(rms(audio.samples))")
        }
    }

    @Test func refusalsRaiseTheSDKsExceptionForTheirStatus() async throws {
        try await RunningServer.run { server in
            let output = TestDirectory.fresh("openai").path + ".mp3"
            let unknown = try await Self.run(["--voice", "nobody", "--input", "Hello.", "--out", output], against: server)
            #expect(unknown.status == 1)
            #expect(unknown.standardError.contains("NotFoundError (404): unknown speaker 'nobody'"), "\(unknown.standardError)")
            let tooFast = try await Self.run(["--voice", "onyx", "--input", "Hello.", "--speed", "5", "--out", output], against: server)
            #expect(tooFast.status == 1)
            #expect(tooFast.standardError.contains("BadRequestError (400): speed must be between 0.25 and 4.0"), "\(tooFast.standardError)")
            #expect(!FileManager.default.fileExists(atPath: output))
        }
    }
}
