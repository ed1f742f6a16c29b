import Engines
import Foundation
import Logging
import Server
import TextFrontend

/// What the bare engine achieves on the bench texts: the baseline every served figure is divided by.
struct EngineFigures: Codable, Sendable {
    /// Figures for one text, medians over the repeats.
    struct Text: Codable, Sendable {
        var text: String
        /// Seconds to the first chunk with the whole text as one segment (the first sentence).
        var firstChunkSeconds: Double
        /// The same, in process CPU seconds (less sensitive to other load on the machine).
        var firstChunkCPUSeconds: Double
        /// Seconds to the first chunk of the short first segment a streamed request starts with.
        var firstSegmentSeconds: Double
        var firstSegmentText: String
        var wallSeconds: Double
        var audioSeconds: Double
        var realTimeFactor: Double { audioSeconds > 0 ? wallSeconds / audioSeconds : .infinity }
    }

    /// Several texts synthesised at once, each worker going through the whole set.
    struct Parallel: Codable, Sendable {
        var workers: Int
        var wallSeconds: Double
        var audioSeconds: Double
        /// Wall seconds per second of audio produced by all workers together.
        var aggregateRealTimeFactor: Double
    }

    var voice: String
    var threads: Int
    /// Seconds to find and prepare the voice files (cached model copy).
    var scanSeconds: Double
    /// Seconds to create the model (what the server pays per voice at start-up).
    var loadSeconds: Double
    /// Seconds of the first synthesis after loading (one short sentence), which the server pays in warm-up.
    var coldFirstCallSeconds: Double
    var residentAfterLoadBytes: Int?
    /// Peak RSS after the sequential runs (one synthesis at a time).
    var peakResidentSequentialBytes: Int?
    /// Peak RSS after the parallel runs too.
    var peakResidentBytes: Int?
    var repeats: Int
    var texts: [Text]
    /// Sequential wall time over audio time, all texts.
    var realTimeFactor: Double
    /// Process CPU time over audio time, all texts.
    var cpuRealTimeFactor: Double
    var parallel: [Parallel]

    var medianFirstChunkSeconds: Double { BenchStatistics.median(texts.map(\.firstChunkSeconds)) }
    var medianFirstSegmentSeconds: Double { BenchStatistics.median(texts.map(\.firstSegmentSeconds)) }
    /// The lowest aggregate RTF any number of parallel workers reached.
    var bestAggregateRealTimeFactor: Double { parallel.map(\.aggregateRealTimeFactor).min() ?? realTimeFactor }
}

/// Loads one neural voice (a Piper voice, the Mandarin voice of `中文女`, or a Kokoro Japanese voice) in this
/// process and measures it with `EngineBenchmark`.
struct EngineBaseline {
    var speaker: String
    var threads: Int
    var dataDirectory: URL
    var voicesDirectories: [URL]
    var repeats: Int
    var maxWorkers: Int

    /// A neural voice the bench can load.
    enum BenchVoice: Equatable {
        case mandarin
        case piper(String)
        case kokoro(String)

        var name: String {
            switch self {
            case .mandarin: MandarinVoice.voiceName
            case .piper(let name), .kokoro(let name): name
            }
        }
    }

    /// The neural voice behind `speaker`: a built-in id (`中文女` the Mandarin voice, `日语男` Kokoro's jm_kumo
    /// whether or not it is the server's default, others through the default assignments), `engine:name`, or a
    /// bare Piper or Kokoro voice name.
    static func voice(of speaker: String) throws -> BenchVoice {
        if speaker == "中文女" || speaker.hasPrefix("\(EngineName.mandarin.rawValue):") { return .mandarin }
        if speaker == "日语男" { return .kokoro("jm_kumo") }
        if KokoroVoices.profiles[speaker] != nil { return .kokoro(speaker) }
        if speaker.hasPrefix("\(EngineName.kokoro.rawValue):") { return .kokoro(String(speaker.dropFirst("kokoro:".count))) }
        let id = SpeakerAssignments.defaults[speaker] ?? (speaker.contains(":") ? speaker : "piper:" + speaker)
        guard id.hasPrefix("piper:") else {
            throw BenchError("\(speaker) is not a neural voice (\(id)); the engine bench measures Piper voices, 中文女 and 日语男")
        }
        return .piper(String(id.dropFirst("piper:".count)))
    }

    /// Loads the voice on the calling thread (it blocks for about a second).
    static func load(_ benchVoice: BenchVoice, directories: [URL], cache: URL, threads: Int,
                     logger: Logger) throws -> (engine: any SpeechEngine, voice: Voice, scanSeconds: Double, loadSeconds: Double) {
        let clock = ContinuousClock()
        let name: String
        switch benchVoice {
        case .mandarin:
            let start = clock.now
            guard let mandarin = MandarinVoice.loadIfInstalled(in: directories, threads: threads, logger: logger) else {
                throw BenchError("the Mandarin voice is not installed in \(directories.map(\.path)) (run scripts/setup)")
            }
            return (mandarin.engine, mandarin.voice, 0, (clock.now - start).seconds)
        case .kokoro(let name):
            let start = clock.now
            guard let kokoro = KokoroVoices.loadIfInstalled(in: directories, threads: threads, logger: logger) else {
                throw BenchError("the Kokoro Japanese voices are not installed in \(directories.map(\.path)) (run scripts/setup)")
            }
            guard let voice = kokoro.voices.first(where: { $0.name == name }) else {
                throw BenchError("no Kokoro voice \(name); installed: \(kokoro.voices.map(\.name))")
            }
            return (kokoro, voice, 0, (clock.now - start).seconds)
        case .piper(let piperName):
            name = piperName
        }
        let scanStart = clock.now
        let scan = PiperVoices.scan(directories: directories, cacheDirectory: cache, logger: logger)
        let scanned = clock.now - scanStart
        guard let loaded = scan.voices.first(where: { $0.voice.name == name }) else {
            throw BenchError("voice \(name) not found in \(directories.map(\.path))")
        }
        let loadStart = clock.now
        let engine = PiperEngine(voices: [loaded], threads: threads, logger: logger)
        let loadTime = clock.now - loadStart
        guard engine.voices.count == 1 else { throw BenchError("voice \(name) failed to load: \(engine.failures)") }
        return (engine, loaded.voice, scanned.seconds, loadTime.seconds)
    }

    func measure(texts: [String], progress: (String) -> Void = { _ in }) async throws -> EngineFigures {
        let logger = {
            var logger = Logger(label: "cosyvoice.bench")
            logger.logLevel = .warning
            return logger
        }()
        let benchVoice = try Self.voice(of: speaker)
        let configuration = ServerConfiguration()
        let directories = configuration.allVoicesDirectories + voicesDirectories
        let cache = dataDirectory.appendingPathComponent("cache/voices")
        let threads = self.threads

        progress("loading \(benchVoice.name) with \(threads) thread(s)")
        // Scanning and loading block for about a second: keep them off the cooperative pool.
        let (engine, voice, scanSeconds, loadSeconds) = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<(any SpeechEngine, Voice, Double, Double), any Error>) in
            let thread = Thread {
                continuation.resume(with: Result {
                    try Self.load(benchVoice, directories: directories, cache: cache, threads: threads, logger: logger)
                })
            }
            thread.name = "bench load"
            thread.start()
        }
        let residentAfterLoad = ProcessMemory.residentBytes

        let cold = try await EngineBenchmark.run(engine: engine, voice: voice,
                                                 texts: [voice.language == .japanese ? "準備しています。" : "Warming up."])

        progress("sequential runs (\(texts.count) texts × \(repeats))")
        let repeated = Array(repeating: texts, count: repeats).flatMap { $0 }
        let whole = try await EngineBenchmark.run(engine: engine, voice: voice, texts: repeated)
        // The short first segment a streamed request starts with, as the server's front end cuts it.
        let frontend = TextFrontend()
        let firstSegments = texts.map { frontend.segments(for: $0, primaryLanguage: voice.language, streaming: true).first?.text ?? $0 }
        let first = try await EngineBenchmark.run(engine: engine, voice: voice,
                                                  texts: Array(repeating: firstSegments, count: repeats).flatMap { $0 })

        var perText: [EngineFigures.Text] = []
        for (index, text) in texts.enumerated() {
            let runs: [EngineBenchmarkResult.Run] = stride(from: index, to: whole.runs.count, by: texts.count).map { whole.runs[$0] }
            let firstRuns: [EngineBenchmarkResult.Run] = stride(from: index, to: first.runs.count, by: texts.count).map { first.runs[$0] }
            perText.append(EngineFigures.Text(
                text: text,
                firstChunkSeconds: BenchStatistics.median(runs.map(\.firstChunkSeconds)),
                firstChunkCPUSeconds: BenchStatistics.median(runs.map(\.firstChunkCPUSeconds)),
                firstSegmentSeconds: BenchStatistics.median(firstRuns.map(\.firstChunkSeconds)),
                firstSegmentText: firstSegments[index],
                wallSeconds: BenchStatistics.median(runs.map(\.wallSeconds)),
                audioSeconds: BenchStatistics.median(runs.map(\.audioSeconds))
            ))
        }

        let peakSequential = ProcessMemory.peakResidentBytes
        var parallel: [EngineFigures.Parallel] = []
        for workers in 1...max(1, maxWorkers) {
            progress("\(workers) parallel worker(s)")
            parallel.append(try await Self.parallelRun(engine: engine, voice: voice, texts: repeated, workers: workers))
        }

        return EngineFigures(
            voice: voice.id, threads: threads, scanSeconds: scanSeconds, loadSeconds: loadSeconds,
            coldFirstCallSeconds: cold.runs.first?.firstChunkSeconds ?? 0,
            residentAfterLoadBytes: residentAfterLoad, peakResidentSequentialBytes: peakSequential, peakResidentBytes: ProcessMemory.peakResidentBytes,
            repeats: repeats, texts: perText, realTimeFactor: whole.realTimeFactor, cpuRealTimeFactor: whole.cpuRealTimeFactor,
            parallel: parallel
        )
    }

    /// `workers` tasks each synthesise every text (starting at different texts), all at once.
    static func parallelRun(engine: any SpeechEngine, voice: Voice, texts: [String], workers: Int) async throws -> EngineFigures.Parallel {
        let clock = ContinuousClock()
        let start = clock.now
        let audio = try await withThrowingTaskGroup(of: Double.self) { group in
            for worker in 0..<workers {
                let rotated = Array(texts[(worker % texts.count)...] + texts[..<(worker % texts.count)])
                group.addTask {
                    try await EngineBenchmark.run(engine: engine, voice: voice, texts: rotated).audioSeconds
                }
            }
            return try await group.reduce(0, +)
        }
        let wall = (clock.now - start).seconds
        return EngineFigures.Parallel(workers: workers, wallSeconds: wall, audioSeconds: audio,
                                      aggregateRealTimeFactor: audio > 0 ? wall / audio : .infinity)
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
