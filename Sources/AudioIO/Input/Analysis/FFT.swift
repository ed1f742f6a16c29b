import Foundation

/// A small in-place radix-2 complex FFT, enough for long-term average spectra (no C dependency).
struct FFT {
    /// Transform length; a power of two.
    let size: Int
    private let cosines: [Double]
    private let sines: [Double]
    private let reversed: [Int]

    init(size: Int) {
        precondition(size > 1 && size & (size - 1) == 0, "FFT size must be a power of two")
        self.size = size
        cosines = (0..<(size / 2)).map { cos(-2 * .pi * Double($0) / Double(size)) }
        sines = (0..<(size / 2)).map { sin(-2 * .pi * Double($0) / Double(size)) }
        let bits = size.trailingZeroBitCount
        reversed = (0..<size).map { i in
            var r = 0
            for b in 0..<bits where i & (1 << b) != 0 { r |= 1 << (bits - 1 - b) }
            return r
        }
    }

    /// |X[k]|² for k in 0...size/2 of a real frame of `size` samples.
    func powerSpectrum(_ frame: [Double]) -> [Double] {
        precondition(frame.count == size)
        var re = [Double](repeating: 0, count: size)
        var im = [Double](repeating: 0, count: size)
        for i in 0..<size { re[reversed[i]] = frame[i] }
        var length = 2
        while length <= size {
            let half = length / 2
            let step = size / length
            for start in stride(from: 0, to: size, by: length) {
                for k in 0..<half {
                    let wr = cosines[k * step], wi = sines[k * step]
                    let a = start + k, b = a + half
                    let tr = re[b] * wr - im[b] * wi
                    let ti = re[b] * wi + im[b] * wr
                    re[b] = re[a] - tr
                    im[b] = im[a] - ti
                    re[a] += tr
                    im[a] += ti
                }
            }
            length *= 2
        }
        return (0...(size / 2)).map { re[$0] * re[$0] + im[$0] * im[$0] }
    }
}
