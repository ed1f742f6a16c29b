import ArgumentParser
import Foundation

/// `cosyvoice-bench`: the bare engine, the server under load, and comparisons (docs/benchmarks.md). A tool
/// apart from the product: it drives the `cosyvoice` binary beside it.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cosyvoice-bench",
        abstract: "Measure the engine and the server (latency, real-time factor, memory).",
        subcommands: [BenchEngineCommand.self, BenchLoadCommand.self, BenchAbuseCommand.self, BenchEncodersCommand.self, BenchNormalizeCommand.self, BenchShowCommand.self, BenchCompareCommand.self, BenchTritonCommand.self]
    )
}

/// Options every bench shares that load the engine in this process.
struct BenchEngineOptions: ParsableArguments {
    @Option(help: "Speaker id or neural voice (英文男, 中文女, 日语男, piper:en_US-joe-medium, en_US-joe-medium, kokoro:jf_alpha).")
    var speaker = "英文男"

    @Option(help: "Texts to synthesise, one per line; overrides --text-set.")
    var texts: String?

    @Option(help: "Built-in text set: assistant (2–4 sentences, one opening with 12 words), short (short English sentences), short-zh (short Mandarin sentences, for 中文女), short-ja (Japanese, the default for Japanese voices), numbers and numbers-zh (short sentences with dates, times, money and units).")
    var textSet: BenchTexts.Set?

    /// The set named, or the one in the speaker's language.
    var resolvedTextSet: BenchTexts.Set {
        if let textSet { return textSet }
        if case .kokoro = try? EngineBaseline.voice(of: speaker) { return .shortJapanese }
        return .assistant
    }

    @Option(help: "Directory for the prepared-voice cache (as `serve --data-dir`).")
    var dataDir = "data"

    @Option(help: "Extra directory of Piper voices; repeatable.")
    var voicesDir: [String] = []

    @Option(help: "Runs of each text; figures are medians.")
    var repeats = 3

    func baseline(threads: Int) -> EngineBaseline {
        EngineBaseline(speaker: speaker, threads: threads, dataDirectory: URL(fileURLWithPath: dataDir),
                       voicesDirectories: voicesDir.map { URL(fileURLWithPath: $0) }, repeats: max(1, repeats),
                       maxWorkers: ProcessInfo.processInfo.activeProcessorCount)
    }
}

/// Progress lines go to standard error, so standard output holds only the table or the JSON.
func benchProgress(_ line: String) {
    FileHandle.standardError.write(Data("· \(line)\n".utf8))
}

func benchJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

struct BenchEngineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Bare-engine figures: load time, first chunk, real-time factor, peak RSS (no server, no encoding)."
    )

    @OptionGroup var engine: BenchEngineOptions

    @Option(help: "ONNX Runtime threads for the voice (1 or 2 on this machine).")
    var threads = 1

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        let texts = try BenchTexts.load(engine.texts, set: engine.resolvedTextSet)
        let figures = try await engine.baseline(threads: threads).measure(texts: texts, progress: benchProgress)
        if json {
            print(try benchJSON(figures))
        } else {
            print(BenchTable.engine(figures))
            if engine.texts == nil, engine.resolvedTextSet == .assistant {
                let twelve = figures.texts[BenchTexts.twelveWordFirstSentence]
                print("  12-word first sentence: first chunk \(BenchTable.f(twelve.firstChunkSeconds)) s (CPU \(BenchTable.f(twelve.firstChunkCPUSeconds)) s)")
            }
            print("  load average \(BenchTable.loads(ProcFigures.loadAverage()))")
        }
    }
}

/// Reads a `bench load --json` report.
func readLoadReport(_ path: String) throws -> LoadReport {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try decoder.decode(LoadReport.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
}

struct BenchShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a `bench load --json` report as tables.")

    @Argument(help: "The report.")
    var report: String

    func run() async throws {
        print(BenchTable.report(try readLoadReport(report)))
    }
}

struct BenchCompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Print two `bench load --json` reports side by side."
    )

    @Argument(help: "Report of the first server (e.g. ours).")
    var left: String

    @Argument(help: "Report of the second server (e.g. the peer).")
    var right: String

    func run() async throws {
        print(BenchTable.compare(try readLoadReport(left), try readLoadReport(right)))
    }
}
