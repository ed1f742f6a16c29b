import Engines
import Foundation
import Logging
import Synthesis
import TextFrontend

/// Builds the synthesis service from a configuration: starts the engines, scans the voices, opens the
/// speaker store. Shared by `serve`, `say` and the tests, so they all run the same composition.
public enum ServiceLoader {
    public static func load(_ configuration: ServerConfiguration, logger: Logger) async throws -> SynthesisService {
        try service(over: try await loadCatalog(configuration, logger: logger), configuration, logger: logger)
    }

    /// The service over voices already loaded: the speaker store in the data directory, the scheduler and the
    /// limits of `configuration`.
    public static func service(over catalog: VoiceCatalog, _ configuration: ServerConfiguration, logger: Logger) throws -> SynthesisService {
        try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        let store = try SQLiteSpeakerStore(path: configuration.speakerStorePath)
        let scheduler = Scheduler(engineSlots: configuration.resolvedMaxActiveJobs, maxQueued: configuration.maxQueuedJobs)
        return SynthesisService(catalog: catalog, store: store, limits: configuration.limits, scheduler: scheduler, logger: logger)
    }

    /// Starts the engines, scans the voices and applies the voice assignments of `configuration`.
    public static func loadCatalog(_ configuration: ServerConfiguration, logger: Logger) async throws -> VoiceCatalog {
        // The backends first: a mistake in them stops start-up before seconds of voice loading.
        let routing = try await loadRouting(configuration, logger: logger)
        let espeak = try EspeakEngine()
        var engines: [any SpeechEngine] = [espeak]
        var voices = espeak.voices

        // Piper voices from every voices directory; a broken voice is skipped with a log line.
        let piper = await PiperEngine.start(directories: configuration.allVoicesDirectories,
                                            cacheDirectory: configuration.voiceCacheDirectory,
                                            threads: configuration.engineThreads,
                                            wideThreads: configuration.loneRequestThreads, logger: logger)
        for failure in piper.failures {
            logger.warning("voice skipped", metadata: ["reason": "\(failure)"])
        }
        if !piper.engine.voices.isEmpty {
            engines.append(piper.engine)
            voices += piper.engine.voices
        }

        // The neural Mandarin voice; without it 中文女 uses espeak-ng (the loader logs why).
        // Loading takes ≈ 0.6 s of a core (the pinyin lexicon): on a thread of its own, not the cooperative pool.
        let (directories, threads) = (configuration.allVoicesDirectories, configuration.engineThreads)
        if let mandarin = await DedicatedThread.run("mandarin load", {
            MandarinVoice.loadIfInstalled(in: directories, threads: threads, logger: logger)
        }) {
            engines.append(mandarin.engine)
            voices.append(mandarin.voice)
        }

        let assignments = try SpeakerAssignments.load(from: configuration.resolvedVoicesConfigFile)
        let catalog = VoiceCatalog(engines: engines, voices: voices, assignments: assignments, routing: routing)
        for (id, voice) in assignments where catalog.speaker(id)?.primaryVoice.id != voice {
            logger.warning("voice assignment not applied: voice not installed", metadata: ["speaker": "\(id)", "voice": "\(voice)"])
        }
        for id in catalog.speakerIDs {
            logger.info("speaker", metadata: ["id": "\(id)", "voice": "\(catalog.speaker(id)!.primaryVoice.id)"])
        }
        return catalog
    }
}
