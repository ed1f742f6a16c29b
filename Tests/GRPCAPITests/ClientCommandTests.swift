import ArgumentParser
import AudioIO
import CosyVoiceTesting
import Foundation
import Logging
import Server
import Synthesis
import Testing
@testable import cosyvoice

@Suite("`cosyvoice client rest|grpc` save WAV files at the rate the server reports")
struct ClientCommandTests {
    static var prompt: String { Fixtures.promptURL.path }

    /// The full server (HTTP and gRPC over one service, as `serve` composes it) on ephemeral ports.
    static func withServer(_ body: (CosyVoiceServer, CosyVoiceServer.BoundPorts) async throws -> Void) async throws {
        try await RunningServer.run { running in try await body(running.server, running.ports) }
    }

    /// What the server sends for the clients' default request in `mode` on the raw-PCM surfaces (form API,
    /// gRPC), synthesised directly: its rate (the configured raw PCM rate, else the voice's own) and seconds.
    /// `streamed`: gRPC calls stream (a short first segment), the form API's default does not.
    static func serverAudio(_ server: CosyVoiceServer, _ mode: ClientMode, streamed: Bool) async throws -> (rate: Int, seconds: Double) {
        let text = "你好，我是通义千问语音合成大模型，请问有什么可以帮您的吗？"
        var request: SynthesisRequest
        switch mode {
        case .zeroShot:
            let data = try Data(contentsOf: URL(fileURLWithPath: prompt))
            request = SynthesisRequest(mode: .zeroShot(promptText: "希望你以后能够做的比我还好呦。", prompt: .file(data)), text: text)
        default:
            request = SynthesisRequest(mode: .sft(speakerID: "中文女"), text: text)
        }
        request.sampleRate = server.configuration.rawPCMRate.rate(requested: nil)
        request.stream = streamed
        let stream = try await server.service.start(request)
        var seconds = 0.0
        for try await chunk in stream { seconds += chunk.duration }
        return (stream.sampleRate, seconds)
    }

    static func outputPath() -> String {
        TestDirectory.fresh("client").path + ".wav"
    }

    /// The saved WAV is at the server's rate and as long as the speech the server made.
    static func checkWAV(at path: String, mode: ClientMode, expected: (rate: Int, seconds: Double)) throws {
        let audio = try AudioDecoder.decode(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(audio.sampleRate == expected.rate)
        // The gRPC client sends the prompt as 16 kHz PCM, the test the file: the prompt analysis (and so the
        // matched rate) may differ a little. Without a prompt the speech is the same.
        let tolerance = mode == .zeroShot ? 0.08 : 0.02
        #expect(abs(audio.duration / expected.seconds - 1) < tolerance, "\(audio.duration) s saved, \(expected.seconds) s synthesised")
    }

    /// The two reference clients: the form API over HTTP, which does not stream by default, and gRPC, which does.
    enum Client: String, CaseIterable, Sendable { case rest, grpc }

    @Test(arguments: Client.allCases, [ClientMode.sft, .zeroShot])
    func clientSavesTheServersRateAndAudio(client: Client, mode: ClientMode) async throws {
        try await Self.withServer { server, ports in
            let output = Self.outputPath()
            let flags = ["--host", "127.0.0.1", "--port", "\(client == .rest ? ports.http : ports.grpc)", "--mode", mode.rawValue,
                         "--prompt_wav", Self.prompt, "--tts_wav", output]
            switch client {
            case .rest: try await ClientRESTCommand.parse(flags).run()
            case .grpc: try await ClientGRPCCommand.parse(flags).run()
            }
            try Self.checkWAV(at: output, mode: mode, expected: try await Self.serverAudio(server, mode, streamed: client == .grpc))
        }
    }

    @Test func grpcClientRefusesInstruct2() throws {
        let command = try ClientGRPCCommand.parse(["--mode", "instruct2"])
        let error = #expect(throws: ValidationError.self) { try command.makeRequest() }
        #expect(error?.message.contains("no instruct2 mode") == true)
    }

    @Test func flagsKeepTheReferenceSpellingAndDefaults() throws {
        let command = try ClientRESTCommand.parse([])
        #expect(command.port == 50000)
        #expect(try ClientGRPCCommand.parse([]).port == 50001)
        #expect(command.options.host == "0.0.0.0")
        #expect(command.options.mode == .sft)
        #expect(command.options.spkID == "中文女")
        #expect(command.options.ttsWAV == "demo.wav")
        let custom = try ClientGRPCCommand.parse(["--tts_text", "你好。", "--spk_id", "中文男", "--prompt_text", "x",
                                                  "--instruct_text", "y", "--prompt_wav", "p.wav", "--tts_wav", "o.wav"])
        #expect(custom.options.ttsText == "你好。")
        #expect(custom.options.spkID == "中文男")
        #expect(custom.options.promptText == "x")
        #expect(custom.options.instructText == "y")
        #expect(custom.options.promptWAV == "p.wav")
        #expect(custom.options.ttsWAV == "o.wav")
    }
}
