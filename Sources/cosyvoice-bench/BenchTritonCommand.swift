import ArgumentParser
import AsyncHTTPClient
import AudioIO
import CosyVoiceTesting
import Engines
import Foundation
import Logging
import Server
import TextFrontend

/// `cosyvoice-bench triton`: the server in front of a real tritonserver (the test model of
/// CosyVoiceTesting, which speaks with espeak-ng on the CPU). First audio through the server against Triton's
/// own first response for the same request, then first bytes under concurrency (docs/benchmarks.md).
struct BenchTritonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triton",
        abstract: "First byte through the server vs Triton's first response, and concurrency 1/4/16 against the test model."
    )

    @Option(help: "Requests per figure (pairs for the ratio; per client level for concurrency).")
    var requests = 20

    @Option(help: "Concurrency levels, comma-separated.")
    var concurrency = "1,4,16"

    @Option(help: "Model instances in tritonserver.")
    var instances = 2

    static let text = "The quick brown fox jumps over the lazy dog."

    func run() async throws {
        benchProgress("starting tritonserver")
        let triton = try await TritonServerProcess.start(instances: instances)
        do {
            try await measure(triton)
        } catch {
            await triton.stop()
            throw error
        }
        await triton.stop()
    }

    private func measure(_ triton: TritonServerProcess) async throws {
        let directory = RunningServer.temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let preset = directory.appendingPathComponent("preset.wav")
        let prompt = TestSignals.tone(220, seconds: 3, amplitude: 0.4, sampleRate: 16000)
        try WAVEncoder.wav(prompt).write(to: preset)
        let voices = directory.appendingPathComponent("voices.yaml")
        try """
        backends:
          gpu: {url: "\(triton.url)", model: cosyvoice2, timeout: 30s, max_in_flight: 64, fallback: fail}
        speakers:
          中文女: {backend: gpu, prompt: "\(preset.path)", prompt_text: "reference"}
        """.write(to: voices, atomically: true, encoding: .utf8)

        // Triton's own first response: the same request (one segment: the text is one sentence, the same
        // reference), sent straight to Triton by a KServe client in this process.
        let engine = try TritonEngine(TritonBackendConfiguration(name: "direct", host: "127.0.0.1", port: triton.grpcPort, maxInFlight: 64),
                                      logger: Logger(label: "bench"))
        let reference = ReferencePrompt(audio: prompt, transcript: "reference")
        let segment = TextFrontend().segments(of: TextFrontend().read(Self.text), primaryLanguage: .english, streaming: false)[0]
        func direct() async throws -> Double {
            let start = ContinuousClock.now
            var first: Double?
            for try await _ in engine.synthesize(segment, voice: engine.voice(for: .english), controls: .neutral, reference: reference) where first == nil {
                first = (ContinuousClock.now - start).seconds
            }
            return try first ?? { throw BenchError("Triton sent no audio") }()
        }

        try await RunningServer.run(dataDirectory: directory.appendingPathComponent("data"), configure: { $0.voicesConfigFile = voices }) { server in
            let url = "http://127.0.0.1:\(server.port)/tts/pcm"
            @Sendable func throughServer() async throws -> Double {
                var request = HTTPClientRequest(url: url)
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(Data(#"{"tts_text": "\#(Self.text)", "spk_id": "中文女", "stream": true}"#.utf8))
                let start = ContinuousClock.now
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
                guard response.status == .ok else { throw BenchError("status \(response.status.code)") }
                var first: Double?
                for try await part in response.body where first == nil && part.readableBytes > 0 {
                    first = (ContinuousClock.now - start).seconds
                }
                return try first ?? { throw BenchError("no audio") }()
            }
            _ = try await direct()
            _ = try await throughServer()
            var pairs: [(direct: Double, server: Double)] = []
            for _ in 0..<requests { pairs.append((try await direct(), try await throughServer())) }
            let directMedian = BenchStatistics.median(pairs.map(\.direct))
            let serverMedian = BenchStatistics.median(pairs.map(\.server))
            print("| figure | Triton first response | our first byte | ratio | difference |")
            print("|---|---|---|---|---|")
            print(String(format: "| median of %d, c = 1 | %.1f ms | %.1f ms | %.2f× | %+.1f ms |", requests, directMedian * 1000,
                         serverMedian * 1000, serverMedian / directMedian, (serverMedian - directMedian) * 1000))
            print("")
            print("| concurrency | requests | first byte p50 | p95 | max | requests/s | errors |")
            print("|---|---|---|---|---|---|---|")
            for level in concurrency.split(separator: ",").compactMap({ Int($0) }) {
                let total = max(requests, level)
                let start = ContinuousClock.now
                let results = await withTaskGroup(of: [Double?].self) { group in
                    for client in 0..<level {
                        group.addTask {
                            var mine: [Double?] = []
                            for _ in stride(from: client, to: total, by: level) { mine.append(try? await throughServer()) }
                            return mine
                        }
                    }
                    return await group.reduce(into: [Double?]()) { $0 += $1 }
                }
                let wall = (ContinuousClock.now - start).seconds
                let times = results.compactMap { $0 }
                guard let stats = BenchStatistics(times) else { continue }
                print(String(format: "| %d | %d | %.0f ms | %.0f ms | %.0f ms | %.1f | %d |", level, results.count, stats.p50 * 1000,
                             stats.p95 * 1000, stats.max * 1000, Double(times.count) / wall, results.count - times.count))
            }
        }
    }
}
