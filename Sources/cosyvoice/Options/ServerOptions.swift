import ArgumentParser
import Foundation
import Server

/// Options shared by every command that loads voices. Each reads `COSYVOICE_<NAME>` when the flag is absent.
struct VoiceOptions: ParsableArguments {
    @Option(help: .flag("Directory for the speaker store, caches and logs", environment: "DATA_DIR", default: ServerConfiguration.defaultDataDirectory))
    var dataDir: String?

    @Option(help: "Extra directory of Piper voices (*.onnx + *.onnx.json); repeatable (env COSYVOICE_VOICES_DIR, comma-separated).")
    var voicesDir: [String] = []

    @Option(help: .flag("YAML file mapping speaker ids to voice ids", environment: "VOICES_CONFIG",
                        defaultRule: "<data-dir>/\(ServerConfiguration.defaultVoicesConfigFile) if present"))
    var voicesConfig: String?

    @Option(help: .flag("Directory of the text-normalisation grammars (zh/tn/tagger.fst …); without them built-in rules read numbers",
                        environment: "GRAMMARS_DIR", default: ServerConfiguration().grammarsDirectory.path))
    var grammarsDir: String?
    @Option(help: .flag("Directory of the Swagger UI files GET /docs serves (scripts/setup installs them)", environment: "DOCS_ASSETS_DIR",
                        default: ServerConfiguration().docsAssetsDirectory.path))
    var docsAssetsDir: String?

    @Option(help: .flag("Engine threads per synthesis job", environment: "ENGINE_THREADS", default: ServerConfiguration().engineThreads))
    var engineThreads: Int?

    @Option(help: .flag("Engine threads of a request alone on the server (a second instance of each Piper voice; 0 = off)",
                        environment: "LONE_REQUEST_THREADS", default: ServerConfiguration().loneRequestThreads))
    var loneRequestThreads: Int?

    func apply(to configuration: inout ServerConfiguration) throws {
        configuration.dataDirectory = URL(fileURLWithPath: try Environment.resolve(dataDir, "DATA_DIR", default: configuration.dataDirectory.path))
        configuration.voicesDirectories = Environment.resolveList(voicesDir, "VOICES_DIR", default: []).map { URL(fileURLWithPath: $0) }
        configuration.docsAssetsDirectory = URL(fileURLWithPath: try Environment.resolve(docsAssetsDir, "DOCS_ASSETS_DIR", default: configuration.docsAssetsDirectory.path))
        configuration.voicesConfigFile = (voicesConfig ?? Environment.value("VOICES_CONFIG")).map { URL(fileURLWithPath: $0) }
        configuration.grammarsDirectory = URL(fileURLWithPath: try Environment.resolve(grammarsDir, "GRAMMARS_DIR", default: configuration.grammarsDirectory.path))
        configuration.engineThreads = try Environment.resolve(engineThreads, "ENGINE_THREADS", default: configuration.engineThreads)
        guard configuration.engineThreads >= 1 else { throw ValidationError("--engine-threads must be at least 1") }
        configuration.loneRequestThreads = try Environment.resolve(loneRequestThreads, "LONE_REQUEST_THREADS", default: configuration.loneRequestThreads)
        guard configuration.loneRequestThreads >= 0 else { throw ValidationError("--lone-request-threads must be 0 or more") }
    }
}
