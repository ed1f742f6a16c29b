import Engines
import Foundation
import Logging
import Synthesis
import TextFrontend

/// Builds the synthesis service from a configuration: starts the engines, scans the voices, opens the
/// speaker store. Shared by `serve`, `say` and the tests, so they all run the same composition.
public enum ServiceLoader {
    public static func load(_ configuration: ServerConfiguration, logger: Logger) async throws -> SynthesisService {
        async let grammars = loadGrammars(configuration, logger: logger)
        let catalog = try await loadCatalog(configuration, logger: logger)
        return try await service(over: catalog, configuration, frontend: TextFrontend(grammars: await grammars), logger: logger)
    }

    /// The service over voices already loaded: the speaker store of `configuration` (SQLite in the data
    /// directory, or PostgreSQL), the scheduler and the limits of `configuration`.
    public static func service(over catalog: VoiceCatalog, _ configuration: ServerConfiguration,
                               frontend: TextFrontend = TextFrontend(), logger: Logger) async throws -> SynthesisService {
        try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        let store = try await openStore(configuration, logger: logger)
        let scheduler = Scheduler(engineSlots: configuration.resolvedMaxActiveJobs, maxQueued: configuration.maxQueuedJobs)
        return SynthesisService(catalog: catalog, store: store, limits: configuration.limits, scheduler: scheduler,
                                frontend: frontend, logger: logger)
    }

    /// WeTextProcessing's text-normalisation grammars from `configuration.grammarsDirectory`, read beside the
    /// voices on the grammars' own threads (≈ 0.8 s of a core, ≈ 34 MB resident), once per process however
    /// many services share them. Without them — logged here, once at start — the front end's own rules read
    /// numbers and symbols, and the server is ready all the same.
    public static func loadGrammars(_ configuration: ServerConfiguration, logger: Logger) async -> GrammarExecutor {
        let grammars = GrammarExecutor.shared(directory: configuration.grammarsDirectory)
        switch await grammars.load() {
        case .loaded(let duration, let residentBytes):
            logger.info("text normalisation grammars loaded", metadata: [
                "directory": "\(grammars.directory.path)", "milliseconds": "\(duration / .milliseconds(1))",
                "residentMB": "\(residentBytes.map { $0 / 1_048_576 }.map(String.init) ?? "?")",
            ])
        case .unavailable(let reason):
            logger.warning("text normalisation grammars not loaded: the built-in rules read numbers (scripts/setup installs them)",
                           metadata: ["directory": "\(grammars.directory.path)", "error": "\(reason)"])
        }
        return grammars
    }

    /// The speaker store `configuration` names, opened and migrated.
    public static func openStore(_ configuration: ServerConfiguration, logger: Logger) async throws -> any SpeakerStore {
        guard let settings = configuration.postgresStore else { return try SQLiteSpeakerStore(path: configuration.speakerStorePath) }
        return try await PostgresSpeakerStore.open(settings, logger: logger)
    }

    /// Starts the engines, scans the voices and applies the voice assignments of `configuration`.
    public static func loadCatalog(_ configuration: ServerConfiguration, logger: Logger) async throws -> VoiceCatalog {
        // The backends first: a mistake in them stops start-up before seconds of voice loading.
        let routing = try await loadRouting(configuration, logger: logger)
        // espeak-ng reads Japanese kana only: MeCab gives it the readings of kanji. Opening MeCab's dictionary
        // maps tens of megabytes: on a thread of its own, not the cooperative pool.
        let japanese = await DedicatedThread.run("mecab load") { () -> Result<MeCabTagger, any Error> in
            Result { try MeCabTagger() }
        }
        if case .failure(let error) = japanese {
            logger.warning("espeak-ng reads Japanese kana only: MeCab is not available", metadata: ["reason": "\(error)"])
        }
        let espeak = try EspeakEngine(japaneseFrontEnd: (try? japanese.get()).map { JapaneseFrontEnd(analyser: $0) })
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

        // Kokoro's Japanese voices; without them Japanese uses espeak-ng (the loader logs why). Loading takes
        // ≈ 1 s of a core: on a thread of its own.
        if let kokoro = await DedicatedThread.run("kokoro load", {
            KokoroVoices.loadIfInstalled(in: directories, threads: threads, logger: logger)
        }) {
            engines.append(kokoro)
            voices += kokoro.voices
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
