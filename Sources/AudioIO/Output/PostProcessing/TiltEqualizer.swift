import Foundation

/// A gentle spectral-tilt equaliser: one high-shelf biquad (RBJ cookbook) around 1 kHz with a low slope, so
/// the long-term spectrum leans up or down by about `dBPerOctave` across the speech band without colouring
/// any one region. Below the shelf nothing changes, but the energy the shelf adds or takes moves the speech
/// level by up to ≈ 2 dB, depending on the voice: level matching measures that per voice and takes it back
/// (`TiltLevelCurve`). Streaming: keeps its filter state across chunks.
public struct TiltEqualizer: Sendable {
    /// Shelf gains are capped here so that a badly measured prompt cannot make the voice harsh or dull.
    public static let maximumShelfDB = 6.0
    /// Octaves of the speech band the tilt is spread over (≈ 150 Hz to 4.5 kHz).
    static let bandOctaves = 5.0
    /// The steepest tilt in dB per octave the shelf can give before its cap.
    public static let maximumDBPerOctave = maximumShelfDB / bandOctaves

    private var b0 = 1.0, b1 = 0.0, b2 = 0.0, a1 = 0.0, a2 = 0.0
    private var x1 = 0.0, x2 = 0.0, y1 = 0.0, y2 = 0.0
    public let isNeutral: Bool

    public init(dBPerOctave: Double, sampleRate: Int) {
        let gain = min(max(dBPerOctave * Self.bandOctaves, -Self.maximumShelfDB), Self.maximumShelfDB)
        isNeutral = abs(gain) < 0.05
        guard !isNeutral else { return }
        let a = pow(10, gain / 40)
        let w0 = 2 * Double.pi * 1000 / Double(sampleRate)
        let slope = 0.5
        let alpha = sin(w0) / 2 * sqrt((a + 1 / a) * (1 / slope - 1) + 2)
        let cosine = cos(w0), root = 2 * sqrt(a) * alpha
        let a0 = (a + 1) - (a - 1) * cosine + root
        b0 = a * ((a + 1) + (a - 1) * cosine + root) / a0
        b1 = -2 * a * ((a - 1) + (a + 1) * cosine) / a0
        b2 = a * ((a + 1) + (a - 1) * cosine - root) / a0
        a1 = 2 * ((a - 1) - (a + 1) * cosine) / a0
        a2 = ((a + 1) - (a - 1) * cosine - root) / a0
    }

    public mutating func process(_ samples: [Float]) -> [Float] {
        guard !isNeutral else { return samples }
        var output = samples
        for i in output.indices {
            let x = Double(output[i])
            let y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
            x2 = x1; x1 = x; y2 = y1; y1 = y
            output[i] = Float(y)
        }
        return output
    }
}
