import AudioIO
import Engines
import Foundation
import TextFrontend

/// Measures an engine on its own: latency to the first chunk, real-time factor, memory.
public enum EngineBenchmark {
    /// Synthesises each text in turn (one segment each, in `voice`'s language) and times it.
    ///
    /// Runs one after another so the numbers are per request; warm the engine up first (e.g. with a
    /// throw-away call) when first-call costs should not count.
    public static func run(engine: any SpeechEngine, voice: Voice, texts: [String], controls: VoiceControls = .neutral) async throws -> EngineBenchmarkResult {
        let clock = ContinuousClock()
        var runs: [EngineBenchmarkResult.Run] = []
        for text in texts {
            let start = clock.now
            let cpuStart = processCPUSeconds()
            var firstChunk: Duration?
            var firstChunkCPU: Double?
            var samples = 0
            var sampleRate = voice.sampleRate
            var chunks = 0
            for try await chunk in engine.synthesize(Segment(text: text, language: voice.language), voice: voice, controls: controls) {
                if firstChunk == nil {
                    firstChunk = clock.now - start
                    firstChunkCPU = processCPUSeconds() - cpuStart
                }
                samples += chunk.samples.count
                sampleRate = chunk.sampleRate
                chunks += 1
            }
            let wall = clock.now - start
            let cpu = processCPUSeconds() - cpuStart
            runs.append(EngineBenchmarkResult.Run(
                text: text,
                firstChunkSeconds: seconds(firstChunk ?? wall),
                wallSeconds: seconds(wall),
                firstChunkCPUSeconds: firstChunkCPU ?? cpu,
                cpuSeconds: cpu,
                audioSeconds: sampleRate > 0 ? Double(samples) / Double(sampleRate) : 0,
                chunkCount: chunks
            ))
        }
        return EngineBenchmarkResult(runs: runs, peakResidentBytes: ProcessMemory.peakResidentBytes)
    }

    /// CPU time this process has used, all threads, in seconds.
    private static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
