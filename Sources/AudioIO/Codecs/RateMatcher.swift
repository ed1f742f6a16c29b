/// Brings chunks to an encoder's fixed output rate, keeping a streaming resampler so that pieces join without
/// seams. Chunks already at the target rate pass through untouched.
final class RateMatcher {
    /// Hz.
    let targetRate: Int
    private var resampler: Resampler?

    init(targetRate: Int) {
        self.targetRate = targetRate
    }

    /// Samples of `chunk` at ``targetRate``.
    func conform(_ chunk: AudioChunk) -> [Float] {
        if chunk.sampleRate == targetRate {
            // Drain a resampler left from earlier chunks at another rate, then pass through.
            return drain() + chunk.samples
        }
        var head: [Float] = []
        if let current = resampler, current.inputRate != chunk.sampleRate { head = drain() }
        if resampler == nil {
            do { resampler = try Resampler(from: chunk.sampleRate, to: targetRate) } catch {
                preconditionFailure("audio chunk with invalid sample rate: \(error)")
            }
        }
        return head + resampler!.process(chunk.samples)
    }

    /// Whatever a resampler still holds; call at the end of the stream.
    func drain() -> [Float] {
        defer { resampler = nil }
        return resampler?.flush() ?? []
    }
}
