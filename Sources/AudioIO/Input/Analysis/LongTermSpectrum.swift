import Foundation

/// The long-term average spectrum of active speech, reduced to one number: its tilt in dB per octave.
enum LongTermSpectrum {
    /// Rate in Hz the spectrum is taken at; covers the 5 kHz top band.
    static let analysisRate = 16000
    /// FFT length: 64 ms at 16 kHz, 15.6 Hz bins, so the 100 Hz band still holds bins.
    static let fftSize = 1024
    /// Third-octave band centres in Hz from 100 to ≈ 5 kHz.
    static let bandCentres = (0...17).map { 100 * pow(2, Double($0) / 3) }

    /// Least-squares slope of band level (dB) against log2(frequency) over Hann-windowed frames louder than
    /// `threshold` dBFS, from the band holding `lowest` Hz up. Pass the voice's F0 as `lowest`: below it a voice
    /// has no energy, and those empty bands would turn a falling spectrum into a rising fit. Bands above 90 % of
    /// the chunk's own Nyquist frequency are left out (they hold nothing real after upsampling). Returns 0 when
    /// there is nothing to measure.
    static func tilt(_ chunk: AudioChunk, activeAbove threshold: Double, from lowest: Double = 100) -> Double {
        guard chunk.sampleRate > 0, !chunk.samples.isEmpty else { return 0 }
        let samples = Resampler.resample(chunk.clippedToFullScale(), to: analysisRate).samples
        guard samples.count >= fftSize else { return 0 }
        let fft = FFT(size: fftSize)
        let window = (0..<fftSize).map { 0.5 - 0.5 * cos(2 * .pi * Double($0) / Double(fftSize)) }
        var average = [Double](repeating: 0, count: fftSize / 2 + 1)
        var frames = 0
        for start in stride(from: 0, through: samples.count - fftSize, by: fftSize / 2) {
            let slice = samples[start..<(start + fftSize)]
            guard AudioLevel.dBFS(meanSquare: AudioLevel.meanSquare(slice)) > threshold else { continue }
            let frame = zip(slice, window).map { Double($0) * $1 }
            for (k, power) in fft.powerSpectrum(frame).enumerated() { average[k] += power }
            frames += 1
        }
        guard frames > 0 else { return 0 }

        let binWidth = Double(analysisRate) / Double(fftSize)
        let ceiling = 0.45 * Double(chunk.sampleRate)
        var points: [(x: Double, y: Double)] = []
        for centre in bandCentres where centre * pow(2, 1.0 / 6) <= ceiling && centre * pow(2, 1.0 / 6) >= lowest {
            let low = Int((centre * pow(2, -1.0 / 6) / binWidth).rounded(.up))
            let high = Int((centre * pow(2, 1.0 / 6) / binWidth).rounded(.down))
            guard high >= low else { continue }
            // Mean power per bin (a density), so white noise is flat however wide the band.
            let density = average[low...high].reduce(0, +) / Double(high - low + 1)
            points.append((log2(centre), 10 * log10(max(density, .leastNormalMagnitude))))
        }
        guard points.count >= 2 else { return 0 }
        // Empty bands (a pure tone) would dominate the fit at −3000 dB; hold them 80 dB under the loudest.
        let loudest = points.map(\.y).max()!
        let clamped = points.map { (x: $0.x, y: max($0.y, loudest - 80)) }
        let meanX = clamped.map(\.x).reduce(0, +) / Double(clamped.count)
        let meanY = clamped.map(\.y).reduce(0, +) / Double(clamped.count)
        let covariance = clamped.map { ($0.x - meanX) * ($0.y - meanY) }.reduce(0, +)
        let variance = clamped.map { ($0.x - meanX) * ($0.x - meanX) }.reduce(0, +)
        return variance > 0 ? covariance / variance : 0
    }
}
