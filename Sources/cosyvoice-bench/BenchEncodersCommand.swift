import ArgumentParser
import AudioIO
import Engines
import Foundation
import Logging
import Server
import TextFrontend

/// `cosyvoice-bench encoders`: what each output format costs to encode, in CPU seconds per second of audio,
/// on real speech from the neural English voice (the built-in texts), encoded chunk by chunk as a stream is.
struct BenchEncodersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encoders",
        abstract: "CPU seconds per audio second of each output format's encoder, on speech from the neural English voice."
    )

    @Option(help: "Seconds of speech each format encodes (the synthesised texts repeated).")
    var seconds = 120.0

    @Option(help: "Samples per chunk handed to the encoder (a sentence is thousands; 2205 is 0.1 s at 22.05 kHz).")
    var chunkSamples = 2205

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    struct Figure: Codable {
        var format: String
        var rate: Int
        var audioSeconds: Double
        var cpuSeconds: Double
        var bytes: Int
        var cpuPerAudioSecond: Double { cpuSeconds / audioSeconds }
        var kilobitsPerSecond: Double { Double(bytes) * 8 / audioSeconds / 1000 }
    }

    func run() async throws {
        var logger = Logger(label: "cosyvoice.bench")
        logger.logLevel = .warning
        let loaded = try EngineBaseline.load(try EngineBaseline.voice(of: "英文男"), directories: ServerConfiguration().allVoicesDirectories,
                                             cache: URL(fileURLWithPath: "data/cache/voices"), threads: 1, logger: logger)
        benchProgress("synthesising the built-in texts with \(loaded.voice.id)")
        var speech: [Float] = []
        for text in BenchTexts.builtIn {
            for try await chunk in loaded.engine.synthesize(Segment(text: text, language: .english), voice: loaded.voice, controls: .neutral) {
                speech += chunk.samples
            }
        }
        let source = AudioChunk(samples: speech, sampleRate: loaded.voice.sampleRate)

        var figures: [Figure] = []
        for format in AudioFormat.allCases {
            let rate = format.wireRate(for: source.sampleRate)
            let audio = rate == source.sampleRate ? source : Resampler.resample(source, to: rate)
            let chunk = max(1, chunkSamples * rate / source.sampleRate)
            let repeats = max(1, Int((seconds / audio.duration).rounded(.up)))
            let encoder = format.makeEncoder(sampleRate: rate)
            var bytes = 0
            let start = Self.threadCPUSeconds()
            for _ in 0..<repeats {
                for offset in stride(from: 0, to: audio.samples.count, by: chunk) {
                    let piece = AudioChunk(samples: Array(audio.samples[offset..<min(offset + chunk, audio.samples.count)]), sampleRate: rate)
                    bytes += encoder.encode(piece).count
                }
            }
            bytes += encoder.finish().count
            let cpu = Self.threadCPUSeconds() - start
            figures.append(Figure(format: format.rawValue, rate: rate, audioSeconds: audio.duration * Double(repeats), cpuSeconds: cpu, bytes: bytes))
        }
        if json {
            print(try benchJSON(figures))
            return
        }
        print("Encoders on \(BenchTable.f(figures.first?.audioSeconds ?? 0, 0)) s of speech (\(loaded.voice.id)), \(chunkSamples)-sample chunks at 22.05 kHz")
        print("  format  rate    CPU s per audio s   real-time multiple   kbit/s")
        for figure in figures {
            print("  " + figure.format.padding(toLength: 6, withPad: " ", startingAt: 0)
                  + "  \(figure.rate)   \(String(format: "%.5f", figure.cpuPerAudioSecond))             "
                  + "\(String(format: "%7.0f", 1 / figure.cpuPerAudioSecond))×            \(String(format: "%.1f", figure.kilobitsPerSecond))")
        }
    }

    /// CPU time of the calling thread: the encoders run on it alone.
    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}

extension AudioFormat: ExpressibleByArgument {}
