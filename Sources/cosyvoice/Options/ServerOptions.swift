import ArgumentParser
import Foundation
import Server

/// Options shared by every command that loads voices. Each reads `COSYVOICE_<NAME>` when the flag is absent.
struct VoiceOptions: ParsableArguments {
    @Option(help: "Directory for the speaker store, caches and logs (env COSYVOICE_DATA_DIR). [default: data]")
    var dataDir: String?

    @Option(help: "Extra directory of Piper voices (*.onnx + *.onnx.json); repeatable (env COSYVOICE_VOICES_DIR, comma-separated).")
    var voicesDir: [String] = []

    @Option(help: "YAML file mapping speaker ids to voice ids (env COSYVOICE_VOICES_CONFIG). [default: <data-dir>/voices.yaml if present]")
    var voicesConfig: String?

    @Option(help: "Engine threads per synthesis job (env COSYVOICE_ENGINE_THREADS). [default: 1]")
    var engineThreads: Int?

    func apply(to configuration: inout ServerConfiguration) throws {
        configuration.dataDirectory = URL(fileURLWithPath: try Environment.resolve(dataDir, "DATA_DIR", default: "data"))
        configuration.voicesDirectories = Environment.resolveList(voicesDir, "VOICES_DIR", default: []).map { URL(fileURLWithPath: $0) }
        configuration.voicesConfigFile = (voicesConfig ?? Environment.value("VOICES_CONFIG")).map { URL(fileURLWithPath: $0) }
        configuration.engineThreads = try Environment.resolve(engineThreads, "ENGINE_THREADS", default: configuration.engineThreads)
        guard configuration.engineThreads >= 1 else { throw ValidationError("--engine-threads must be at least 1") }
    }
}
