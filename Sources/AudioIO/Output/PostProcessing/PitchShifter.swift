import Foundation

/// Shifts pitch without changing duration or moving formants much: TD-PSOLA (time-domain pitch-synchronous
/// overlap-add). Voiced stretches are cut into two-period grains at pitch marks and laid down again at the
/// new period; unvoiced stretches pass through at a fixed spacing.
///
/// Used for engines with no native pitch control. Works on whole utterances (one engine chunk), which for
/// the neural engines is a sentence.
public struct PitchShifter: Sendable {
    /// F0 multiplier (2 = an octave up).
    public let ratio: Double
    private let tracker = PitchTracker()

    public init(semitones: Double) {
        ratio = pow(2, semitones / 12)
    }

    public func process(_ chunk: AudioChunk) -> AudioChunk {
        guard abs(ratio - 1) > 1e-3, chunk.samples.count > 1024 else { return chunk }
        let input = chunk.samples
        let rate = Double(chunk.sampleRate)
        let frames = tracker.track(chunk)
        let hop = PitchTracker.hopDuration * rate
        let unvoicedPeriod = max(1, Int(0.01 * rate))

        /// Local period in samples at `position`, nil where unvoiced.
        func period(at position: Int) -> Int? {
            let frame = min(frames.count - 1, max(0, Int(Double(position) / hop)))
            guard frames.indices.contains(frame), let f0 = frames[frame], f0 > 0 else { return nil }
            return Int(rate / f0)
        }

        // Analysis marks: one per period in voiced parts, snapped to the strongest sample nearby so that
        // grains line up with glottal pulses.
        var marks: [(position: Int, period: Int, voiced: Bool)] = []
        var position = 0
        while position < input.count {
            if let p = period(at: position) {
                let window = max(1, p / 3)
                let lower = max(0, position - window), upper = min(input.count - 1, position + window)
                var best = position
                if lower <= upper {
                    best = (lower...upper).max { abs(input[$0]) < abs(input[$1]) } ?? position
                }
                let mark = max(best, (marks.last?.position ?? -1) + p / 2)
                marks.append((mark, p, true))
                position = mark + p
            } else {
                marks.append((position, unvoicedPeriod, false))
                position += unvoicedPeriod
            }
        }
        guard !marks.isEmpty else { return chunk }

        var output = [Float](repeating: 0, count: input.count)
        var weight = [Float](repeating: 0, count: input.count)
        var synthesis = Double(marks[0].position)
        var markIndex = 0
        while Int(synthesis) < input.count {
            // The analysis mark nearest to the synthesis time keeps the duration unchanged.
            while markIndex + 1 < marks.count,
                  abs(Double(marks[markIndex + 1].position) - synthesis) <= abs(Double(marks[markIndex].position) - synthesis) {
                markIndex += 1
            }
            let mark = marks[markIndex]
            let halfWidth = mark.period
            let centre = Int(synthesis)
            for offset in -halfWidth..<halfWidth {
                let source = mark.position + offset, target = centre + offset
                guard source >= 0, source < input.count, target >= 0, target < input.count else { continue }
                let w = Float(0.5 - 0.5 * cos(Double.pi * Double(offset + halfWidth) / Double(halfWidth)))
                output[target] += input[source] * w
                weight[target] += w
            }
            // At least a sample per grain, so an extreme ratio cannot stall the loop.
            synthesis += max(1, mark.voiced ? Double(mark.period) / ratio : Double(mark.period))
        }
        for i in output.indices where weight[i] > 0.1 { output[i] /= weight[i] }
        return AudioChunk(samples: output, sampleRate: chunk.sampleRate)
    }
}
