import AudioIO
import CosyVoiceTesting
import Foundation
import Logging
import TextFrontend
@testable import Engines

/// The installed Joe voice and one engine over it, shared by the Piper tests (a model load takes ≈ 1 s).
enum PiperTestSupport {
    static let voicesDirectory = URL(fileURLWithPath: "/usr/local/share/cosyvoice/voices")
    static let joeID = "en_US-joe-medium"
    static let joeModel = voicesDirectory.appendingPathComponent(joeID + ".onnx")
    static let joeConfig = voicesDirectory.appendingPathComponent(joeID + ".onnx.json")
    /// Reused across runs so that only the first run copies the model.
    static let cacheDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("cosyvoice-piper-tests/cache")
    static let logger = Logger(label: "piper-tests")

    static let joe: PreparedPiperVoice = {
        let scan = PiperVoices.scan(directories: [voicesDirectory], cacheDirectory: cacheDirectory, logger: logger)
        return scan.voices.first { $0.voice.name == joeID }!
    }()

    static let engine = PiperEngine(voices: [joe], logger: logger)

    /// A fresh empty directory under the temporary directory.
    static func makeTemporaryDirectory() throws -> URL {
        let url = TestDirectory.fresh("piper-test")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// All chunks of one synthesis.
    static func chunks(_ engine: PiperEngine, _ text: String, controls: VoiceControls = .neutral) async throws -> [AudioChunk] {
        var chunks: [AudioChunk] = []
        for try await chunk in engine.synthesize(Segment(text: text, language: .english), voice: joe.voice, controls: controls) {
            chunks.append(chunk)
        }
        return chunks
    }
}
