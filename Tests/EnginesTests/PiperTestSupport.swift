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

    /// Prepared once, on a thread of its own: a model load on a static initialiser would hold the cooperative
    /// pool for every test waiting on it.
    static let loading = Task {
        await offThePool {
            let scan = PiperVoices.scan(directories: [voicesDirectory], cacheDirectory: cacheDirectory, logger: logger)
            let joe = scan.voices.first { $0.voice.name == joeID }!
            return Loaded(joe: joe, engine: PiperEngine(voices: [joe], logger: logger))
        }
    }
    struct Loaded: Sendable { let joe: PreparedPiperVoice; let engine: PiperEngine }
    static var joe: PreparedPiperVoice { get async { await loading.value.joe } }
    static var engine: PiperEngine { get async { await loading.value.engine } }

    /// A fresh empty directory under the temporary directory.
    static func makeTemporaryDirectory() throws -> URL {
        let url = TestDirectory.fresh("piper-test")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// All chunks of one synthesis.
    static func chunks(_ engine: PiperEngine, _ text: String, controls: VoiceControls = .neutral) async throws -> [AudioChunk] {
        var chunks: [AudioChunk] = []
        let joe = await joe
        for try await chunk in engine.synthesize(Segment(text: text, language: .english), voice: joe.voice, controls: controls) {
            chunks.append(chunk)
        }
        return chunks
    }
}
