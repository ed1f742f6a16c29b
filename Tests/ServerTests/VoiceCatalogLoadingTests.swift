import AudioIO
import CosyVoiceTesting
import Engines
import Foundation
import Logging
import Server
import Synthesis
import Testing

@Suite("Voices the server loads")
struct VoiceCatalogLoadingTests {
    static let logger = Logger(label: "server-tests")

    func configuration(voicesYAML: String? = nil, systemVoices: URL? = nil) throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.dataDirectory = TestDirectory.fresh("server-tests")
        try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        if let systemVoices { configuration.systemVoicesDirectory = systemVoices }
        if let voicesYAML {
            try voicesYAML.write(to: configuration.resolvedVoicesConfigFile, atomically: true, encoding: .utf8)
        }
        return configuration
    }

    @Test func theNeuralVoicesBackTheirSpeakersByDefault() async throws {
        let service = try await ServiceLoader.load(try configuration(), logger: Self.logger)
        #expect(service.catalog.speaker("英文男")?.primaryVoice.id == "piper:en_US-joe-medium")
        #expect(service.catalog.speaker("中文女")?.primaryVoice.id == "mandarin:zh-baker-fastspeech2")
        #expect(service.catalog.speakerIDs.contains("en_US-joe-medium"))
        let speakers = try await service.availableSpeakers()
        #expect(Array(speakers.prefix(7)) == ["中文女", "中文男", "日语男", "粤语女", "英文女", "英文男", "韩语女"])
    }

    @Test func aConfigFileReassignsSpeakers() async throws {
        let yaml = "speakers:\n  英文男: espeak:en-us\n  英文女: piper:en_US-joe-medium\n"
        let service = try await ServiceLoader.load(try configuration(voicesYAML: yaml), logger: Self.logger)
        #expect(service.catalog.speaker("英文男")?.primaryVoice.id == "espeak:en-us")
        #expect(service.catalog.speaker("英文女")?.primaryVoice.id == "piper:en_US-joe-medium")
    }

    @Test func aMalformedConfigFileStopsStartUp() async throws {
        let configuration = try configuration(voicesYAML: "speakers: [not, a, map")
        let error = await #expect(throws: VoicesConfigError.self) { _ = try await ServiceLoader.load(configuration, logger: Self.logger) }
        #expect(error?.path == configuration.resolvedVoicesConfigFile.path)
    }

    @Test func withoutTheVoicesDirectoryTheServerStartsAndMandarinFallsBackToEspeak() async throws {
        let empty = TestDirectory.fresh("no-voices")
        let service = try await ServiceLoader.load(try configuration(systemVoices: empty), logger: Self.logger)
        #expect(service.catalog.speaker("中文女")?.primaryVoice.engine == "espeak")
        #expect(service.catalog.speaker("英文男")?.primaryVoice.engine == "espeak")
        let stream = try await service.prepare(SynthesisRequest(mode: .sft(speakerID: "中文女"), text: "今天天气很好。"))
        var samples: [Float] = []
        for try await chunk in stream { samples += chunk.samples }
        let audio = AudioChunk(samples: samples, sampleRate: stream.sampleRate)
        #expect(audio.duration > 1 && AudioLevel.rmsDBFS(samples) > -35)
    }
}
