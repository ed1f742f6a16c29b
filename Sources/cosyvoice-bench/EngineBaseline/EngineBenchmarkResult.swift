/// Timings of a bare-engine benchmark (no HTTP, no encoding).
public struct EngineBenchmarkResult: Sendable, Equatable {
    /// One synthesised text.
    public struct Run: Sendable, Equatable {
        public var text: String
        /// Seconds from the call until the first audio chunk arrived.
        public var firstChunkSeconds: Double
        /// Seconds from the call until the stream ended.
        public var wallSeconds: Double
        /// CPU seconds the whole process used until the first chunk (all threads). On a machine shared with
        /// other work this approximates the latency an idle machine would show, for one engine thread.
        public var firstChunkCPUSeconds: Double
        /// CPU seconds the whole process used for this text (all threads).
        public var cpuSeconds: Double
        /// Seconds of audio produced.
        public var audioSeconds: Double
        public var chunkCount: Int
        /// Wall time per second of audio (0.1 = ten times faster than real time).
        public var realTimeFactor: Double { audioSeconds > 0 ? wallSeconds / audioSeconds : .infinity }
    }

    public var runs: [Run]
    /// Process CPU time per second of audio, over all runs.
    public var cpuRealTimeFactor: Double {
        let audio = audioSeconds
        return audio > 0 ? runs.reduce(0) { $0 + $1.cpuSeconds } / audio : .infinity
    }
    /// Peak resident memory of the process in bytes at the end of the benchmark (`VmHWM`), if known.
    public var peakResidentBytes: Int?

    public var wallSeconds: Double { runs.reduce(0) { $0 + $1.wallSeconds } }
    public var audioSeconds: Double { runs.reduce(0) { $0 + $1.audioSeconds } }
    /// Total wall time over total audio time.
    public var realTimeFactor: Double { audioSeconds > 0 ? wallSeconds / audioSeconds : .infinity }
    /// Median time to first chunk in seconds (0 without runs).
    public var medianFirstChunkSeconds: Double {
        let sorted = runs.map(\.firstChunkSeconds).sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
