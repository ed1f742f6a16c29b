/// Energy-based voice activity: which 10 ms hops of a signal carry speech rather than pauses or noise.
///
/// Frames of ``frameDuration`` every ``hopDuration`` are active when their RMS level clears a threshold that
/// adapts to the recording: 20 dB under the loudest frame when there are no pauses (a tone is all active),
/// otherwise 6 dB over the noise floor (5th-percentile frame), never more than 40 dB under the loudest frame,
/// and never below −60 dBFS.
public struct SpeechActivity: Sendable, Equatable {
    /// Analysis frame length in seconds.
    public static let frameDuration = 0.04
    /// Frame step in seconds; every duration derived from activity is a multiple of it.
    public static let hopDuration = 0.01

    /// One flag per hop: `true` when that frame is speech.
    public var active: [Bool]
    /// RMS level of each frame in dBFS.
    public var frameLevels: [Double]
    /// The level in dBFS a frame had to exceed.
    public var threshold: Double

    /// Seconds of active frames.
    public var speechDuration: Double { Double(active.lazy.filter { $0 }.count) * Self.hopDuration }

    public static func detect(_ chunk: AudioChunk) -> SpeechActivity {
        let frame = Int((frameDuration * Double(chunk.sampleRate)).rounded())
        let hop = Int((hopDuration * Double(chunk.sampleRate)).rounded())
        let samples = chunk.samples
        guard frame > 0, hop > 0, samples.count >= frame else {
            return SpeechActivity(active: [], frameLevels: [], threshold: AudioLevel.floorDBFS)
        }
        let levels = stride(from: 0, through: samples.count - frame, by: hop).map { start in
            AudioLevel.dBFS(meanSquare: AudioLevel.meanSquare(samples[start..<(start + frame)]))
        }
        let sorted = levels.sorted()
        let loudest = sorted.last!
        let noiseFloor = sorted[sorted.count / 20]
        let threshold = max(loudest - 40, min(noiseFloor + 6, loudest - 20), -60)
        return SpeechActivity(active: levels.map { $0 > threshold }, frameLevels: levels, threshold: threshold)
    }
}
