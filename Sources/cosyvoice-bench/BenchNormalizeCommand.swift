import ArgumentParser
import Foundation
import Server
import TextFrontend

/// `cosyvoice-bench normalize`: what reading a text costs, by WeTextProcessing's grammars against the front
/// end's own rules — load time and resident memory of the grammars, and the time per sentence of the whole
/// front end (`segments(normalizing:)`: tags, detection, normalisation, splitting), as a request pays it.
struct BenchNormalizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Text normalisation: grammar load time and memory, time per sentence with the grammars and with the built-in rules."
    )

    @Option(help: "Directory of the grammars (as `serve --grammars-dir`).")
    var grammarsDir = NormalizationGrammars.defaultDirectory.path

    @Option(help: "Runs of each sentence.")
    var repeats = 20

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    struct Figures: Codable {
        var loadMilliseconds: Double
        var residentMegabytes: Double?
        /// Milliseconds per sentence, by text set and reader (`rules`, `grammars`).
        var perSentence: [String: [String: BenchStatistics]]
    }

    func run() async throws {
        let grammars = GrammarExecutor.shared(directory: URL(fileURLWithPath: grammarsDir))
        guard case .loaded(let duration, let resident) = await grammars.load() else {
            throw BenchError("no grammars in \(grammarsDir): run scripts/setup")
        }
        var figures = Figures(loadMilliseconds: duration / .milliseconds(1),
                              residentMegabytes: resident.map { Double($0) / 1_048_576 }, perSentence: [:])
        let sets: [(BenchTexts.Set, Language)] = [(.numbers, .english), (.short, .english), (.numbersMandarin, .mandarin), (.shortMandarin, .mandarin)]
        for (set, language) in sets {
            let sentences = set.texts.flatMap { text in text.split(whereSeparator: { ".。".contains($0) }).map { String($0) + (language == .english ? "." : "。") } }
            benchProgress("\(set.rawValue): \(sentences.count) sentences × \(repeats)")
            var timings: [String: BenchStatistics] = [:]
            for (reader, frontend) in [("rules", TextFrontend()), ("grammars", TextFrontend(grammars: grammars))] {
                var milliseconds: [Double] = []
                for _ in 0..<max(1, repeats) {
                    for sentence in sentences {
                        let started = ContinuousClock.now
                        let segments = await frontend.segments(normalizing: sentence, primaryLanguage: language, streaming: true)
                        milliseconds.append((ContinuousClock.now - started) / .milliseconds(1))
                        precondition(!segments.isEmpty)
                    }
                }
                timings[reader] = BenchStatistics(milliseconds)
            }
            figures.perSentence[set.rawValue] = timings
        }
        if json {
            print(try benchJSON(figures))
            return
        }
        print("Grammars (\(grammarsDir)): loaded in \(BenchTable.f(figures.loadMilliseconds, 0)) ms, resident +\(figures.residentMegabytes.map { BenchTable.f($0, 1) } ?? "?") MB")
        print("  text set     reader     p50 ms   p99 ms   (per sentence, whole front end)")
        for (set, _) in sets {
            for reader in ["rules", "grammars"] {
                guard let statistics = figures.perSentence[set.rawValue]?[reader] else { continue }
                print("  " + set.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0) + "  "
                      + reader.padding(toLength: 9, withPad: " ", startingAt: 0)
                      + "  \(String(format: "%6.2f", statistics.p50))   \(String(format: "%6.2f", statistics.p99))")
            }
        }
    }
}
