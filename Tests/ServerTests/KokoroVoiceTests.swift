import AudioIO
import CosyVoiceTesting
import Engines
import Foundation
import Logging
import Server
import Synthesis
import Testing

/// The Kokoro Japanese voices through the real server: speech decoded from the wire and measured.
@Suite("Kokoro Japanese voices")
struct KokoroVoiceTests {
    static let text = "東京駅から新幹線で三番目の列車に乗ります。"

    static func speech(_ speaker: String, on server: RunningServer) async throws -> AudioChunk {
        let reply = try await server.send(.POST, "/inference_sft", .form(["tts_text": text, "spk_id": speaker]))
        #expect(reply.status == 200, "\(speaker): \(reply.detail ?? "")")
        return AudioChunk(samples: PCM16Encoder.floats(fromPCM16: reply.body), sampleRate: try #require(reply.sampleRate))
    }

    @Test func theVoicesSpeakJapaneseWithTheirGendersPitch() async throws {
        try await RunningServer.run { server in
            let male = try await Self.speech("jm_kumo", on: server)
            let maleF0 = try #require(PitchTracker().medianF0(male))
            #expect(maleF0 > 70 && maleF0 < 160, "jm_kumo: \(maleF0) Hz")
            #expect(male.duration > 2 && male.duration < 8, "jm_kumo: \(male.duration) s")
            let female = try await Self.speech("jf_alpha", on: server)
            let femaleF0 = try #require(PitchTracker().medianF0(female))
            #expect(femaleF0 > 180 && femaleF0 < 400, "jf_alpha: \(femaleF0) Hz")
        }
    }

    /// 日语男 follows `KokoroVoices.speaksBuiltInSpeaker`: Kokoro's male voice when it is the default, espeak-ng
    /// otherwise; either way it speaks the kanji sentence as male speech.
    @Test func theJapaneseSpeakerFollowsTheDefaultRule() async throws {
        try await RunningServer.run { server in
            let voice = try #require(server.service.catalog.speaker("日语男")?.primaryVoice)
            #expect(voice.id == (KokoroVoices.speaksBuiltInSpeaker ? "kokoro:jm_kumo" : "espeak:ja"))
            let audio = try await Self.speech("日语男", on: server)
            let f0 = try #require(PitchTracker().medianF0(audio))
            #expect(f0 > 70 && f0 < 165, "日语男 (\(voice.id)): \(f0) Hz")
        }
    }

    /// Voices whose model lacks sherpa-onnx's metadata are left out at start-up (sherpa-onnx would end the
    /// process); the server starts, logs why, and Japanese falls back to espeak-ng.
    @Test func aModelWithoutMetadataIsLoggedAndJapaneseFallsBack() async throws {
        let voices = RunningServer.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: voices) }
        let folder = voices.appending(path: KokoroVoices.folderName)
        let installed = URL(fileURLWithPath: "/usr/local/share/cosyvoice/voices").appending(path: KokoroVoices.folderName)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: installed.path) where name != "model.onnx" {
            try FileManager.default.copyItem(at: installed.appending(path: name), to: folder.appending(path: name))
        }
        try Data("an ONNX model without metadata".utf8).write(to: folder.appending(path: "model.onnx"))
        let messages = LogCapture()
        var configuration = ServerConfiguration()
        configuration.systemVoicesDirectory = voices
        configuration.dataDirectory = RunningServer.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: configuration.dataDirectory) }
        let service = try await ServiceLoader.load(configuration, logger: Logger(label: "kokoro-fallback") { _ in messages })
        #expect(!service.catalog.voices.contains { $0.engine == .kokoro })
        #expect(service.catalog.speaker("日语男")?.primaryVoice.engine == .espeak)
        #expect(messages.lines.contains { $0.contains("Kokoro Japanese voices failed to load") && $0.contains("model.onnx") })
        let stream = try await service.prepare(SynthesisRequest(mode: .sft(speakerID: "日语男"), text: Self.text))
        var samples: [Float] = []
        for try await chunk in stream { samples += chunk.samples }
        #expect(AudioChunk(samples: samples, sampleRate: stream.sampleRate).duration > 1)
    }
}

/// Collects formatted log lines (a log handler for one test).
final class LogCapture: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    var lines: [String] { lock.withLock { collected } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let line = "\(event.level) \(event.message) \(event.metadata ?? [:])"
        lock.withLock { collected.append(line) }
    }
}
