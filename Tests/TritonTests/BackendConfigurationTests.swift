import CosyVoiceTesting
import Foundation
import Logging
import Server
import Testing

/// The backend sections of `voices.yaml` are checked whole: a mistake stops the server, naming it.
@Suite("Backend configuration")
struct BackendConfigurationTests {
    private static func load(_ yaml: String) async throws {
        let directory = RunningServer.temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("voices.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        var configuration = ServerConfiguration()
        configuration.dataDirectory = directory
        configuration.voicesConfigFile = file
        _ = try await ServiceLoader.loadCatalog(configuration, logger: Logger(label: "test"))
    }

    @Test("mistakes are refused with the file and the reason", arguments: [
        ("backends: {gpu: {url: grpc://h:8001, modle: cosyvoice2}}", "modle"),
        ("backend: {gpu: {url: grpc://h:8001}}", "'backend'"),
        ("backends: {gpu: {url: http://h:8001}}", "grpc://host:port"),
        ("backends: {gpu: {url: grpc://h:8001, fallback: maybe}}", "fallback"),
        ("backends: {gpu: {url: grpc://h:8001, timeout: soon}}", "duration"),
        ("backends: {gpu: {url: grpc://h:8001, max_in_flight: 0}}", "max_in_flight"),
        ("backends: {gpu: {url: grpc://h:8001}}\nmodes: {zero_shot: cpu}", "'cpu'"),
        ("backends: {gpu: {url: grpc://h:8001}}\nmodes: {sft: gpu}", "unknown mode 'sft'"),
        ("backends: {gpu: {url: grpc://h:8001}}\nspeakers: {中文女: {backend: gpu, prompt: /nonexistent.wav}}", "/nonexistent.wav"),
        ("backends: {gpu: {url: grpc://h:8001}}\nspeakers: {中文女: {backend: tpu, prompt: /x.wav}}", "'tpu'"),
    ])
    func mistakes(yaml: String, named: String) async throws {
        do {
            try await Self.load(yaml)
            Issue.record("accepted: \(yaml)")
        } catch let error as VoicesConfigError {
            #expect(error.description.contains(named), "\(error)")
            #expect(error.description.contains("voices.yaml"))
        }
    }

    @Test("a valid file loads: backends, modes and local voice assignments side by side")
    func validFile() async throws {
        try await Self.load("""
        backends:
          gpu: {url: grpc://127.0.0.1:1, model: cosyvoice2, timeout: 30s, max_in_flight: 16, fallback: fail}
        modes: {zero_shot: gpu, cross_lingual: gpu, instruct2: gpu}
        speakers:
          英文男: piper:en_US-joe-medium
        """)
    }
}
