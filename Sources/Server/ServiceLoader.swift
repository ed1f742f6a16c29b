import Engines
import Foundation
import Logging
import Synthesis
import TextFrontend

/// Builds the synthesis service from a configuration: starts the engines, scans the voices, opens the
/// speaker store. Shared by `serve`, `say` and the tests, so they all run the same composition.
public enum ServiceLoader {
    public static func load(_ configuration: ServerConfiguration, logger: Logger) async throws -> SynthesisService {
        try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        let catalog = try await loadCatalog(configuration, logger: logger)
        let store = try SQLiteSpeakerStore(path: configuration.speakerStorePath)
        let scheduler = Scheduler(maxActive: configuration.maxActiveJobs, maxQueued: configuration.maxQueuedJobs)
        return SynthesisService(catalog: catalog, store: store, scheduler: scheduler, logger: logger)
    }

    static func loadCatalog(_ configuration: ServerConfiguration, logger: Logger) async throws -> VoiceCatalog {
        let espeak = try EspeakEngine()
        var voices: [Voice] = []
        for language in Language.allCases {
            for gender in Gender.allCases { voices.append(espeak.voice(for: language, gender: gender)) }
        }
        let engines: [any SpeechEngine] = [espeak]
        let catalog = VoiceCatalog(engines: engines, voices: voices)
        for id in catalog.speakerIDs {
            logger.info("speaker", metadata: ["id": "\(id)", "voice": "\(catalog.speaker(id)!.primaryVoice.id)"])
        }
        return catalog
    }
}
