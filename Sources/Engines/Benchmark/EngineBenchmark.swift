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
            var firstChunk: Duration?
            var samples = 0
            var sampleRate = voice.sampleRate
            var chunks = 0
            for try await chunk in engine.synthesize(Segment(text: text, language: voice.language), voice: voice, controls: controls) {
                if firstChunk == nil { firstChunk = clock.now - start }
                samples += chunk.samples.count
                sampleRate = chunk.sampleRate
                chunks += 1
            }
            let wall = clock.now - start
            runs.append(EngineBenchmarkResult.Run(
                text: text,
                firstChunkSeconds: seconds(firstChunk ?? wall),
                wallSeconds: seconds(wall),
                audioSeconds: sampleRate > 0 ? Double(samples) / Double(sampleRate) : 0,
                chunkCount: chunks
            ))
        }
        return EngineBenchmarkResult(runs: runs, peakResidentBytes: ProcessMemory.peakResidentBytes)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
