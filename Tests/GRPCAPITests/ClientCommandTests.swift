import AudioIO
import Foundation
import Logging
import Server
import Synthesis
import Testing
@testable import cosyvoice

@Suite("`cosyvoice client rest|grpc` save WAV files at the rate the server reports")
struct ClientCommandTests {
    static let prompt = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("../shared/fixtures/zero_shot_prompt.wav").path

    /// The full server (HTTP and gRPC over one service) on ephemeral ports, stopped when `body` returns.
    static func withServer(_ body: @escaping @Sendable (CosyVoiceServer, CosyVoiceServer.BoundPorts) async throws -> Void) async throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.grpcPort = 0
        configuration.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("client-tests-\(UUID().uuidString)")
        let server = try await CosyVoiceServer.prepare(configuration, logger: Logger(label: "client-tests", factory: { _ in SwiftLogNoOpLogHandler() }))
        let (ready, readyContinuation) = AsyncStream.makeStream(of: CosyVoiceServer.BoundPorts.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run { readyContinuation.yield($0) } }
            defer { group.cancelAll() }
            var iterator = ready.makeAsyncIterator()
            let ports = try #require(await iterator.next())
            try await body(server, ports)
        }
    }

    /// The rate the server sends `request` at on the raw-PCM surfaces (form API, gRPC): the configured raw PCM
    /// rate, else the voice's own.
    static func serverRate(_ server: CosyVoiceServer, _ mode: ClientMode) async throws -> Int {
        if let fixed = server.configuration.rawPCMRate.rate(requested: nil) { return fixed }
        let text = "你好，我是通义千问语音合成大模型，请问有什么可以帮您的吗？"
        let request: SynthesisRequest
        switch mode {
        case .zeroShot:
            let data = try Data(contentsOf: URL(fileURLWithPath: prompt))
            request = SynthesisRequest(mode: .zeroShot(promptText: "希望你以后能够做的比我还好呦。", prompt: .file(data)), text: text)
        default:
            request = SynthesisRequest(mode: .sft(speakerID: "中文女"), text: text)
        }
        return try await server.service.prepare(request).sampleRate
    }

    static func outputPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("client-\(UUID().uuidString).wav").path
    }

    static func checkWAV(at path: String, rate: Int) throws {
        let audio = try AudioDecoder.decode(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(audio.sampleRate == rate)
        #expect((1.5...20).contains(audio.duration), "\(audio.duration) s for the default 29-character text")
    }

    @Test(arguments: [ClientMode.sft, .zeroShot])
    func restClientSavesTheServersRate(mode: ClientMode) async throws {
        try await Self.withServer { server, ports in
            let output = Self.outputPath()
            let command = try ClientRESTCommand.parse([
                "--host", "127.0.0.1", "--port", "\(ports.http)", "--mode", mode.rawValue,
                "--prompt_wav", Self.prompt, "--tts_wav", output,
            ])
            try await command.run()
            try Self.checkWAV(at: output, rate: try await Self.serverRate(server, mode))
        }
    }

    @Test(arguments: [ClientMode.sft, .zeroShot])
    func grpcClientSavesTheServersRate(mode: ClientMode) async throws {
        try await Self.withServer { server, ports in
            let output = Self.outputPath()
            let command = try ClientGRPCCommand.parse([
                "--host", "127.0.0.1", "--port", "\(ports.grpc)", "--mode", mode.rawValue,
                "--prompt_wav", Self.prompt, "--tts_wav", output,
            ])
            try await command.run()
            try Self.checkWAV(at: output, rate: try await Self.serverRate(server, mode))
        }
    }

    @Test func grpcClientRefusesInstruct2() throws {
        let command = try ClientGRPCCommand.parse(["--mode", "instruct2"])
        #expect(throws: (any Error).self) { try command.makeRequest() }
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
