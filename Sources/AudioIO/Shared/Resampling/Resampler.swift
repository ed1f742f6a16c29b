import CSoxr

/// Why a resampler could not be created. A programming error (bad rates), not bad user input.
public struct ResamplerError: Error, CustomStringConvertible {
    public let description: String
}

/// Streaming sample-rate conversion of mono float audio with libsoxr at high quality (20-bit, linear phase).
///
/// Feed pieces with ``process(_:)`` and call ``flush()`` once at the end; the concatenated output has
/// ≈ input × `to` / `from` samples. Not thread-safe (soxr keeps filter state), so it is not `Sendable`: own one
/// per stream.
public final class Resampler {
    /// Input rate in Hz.
    public let inputRate: Int
    /// Output rate in Hz.
    public let outputRate: Int
    private let handle: soxr_t
    private var flushed = false

    /// - Parameters:
    ///   - from: input sample rate in Hz (e.g. 24000)
    ///   - to: output sample rate in Hz (e.g. 16000)
    public init(from: Int, to: Int) throws(ResamplerError) {
        guard from > 0, to > 0 else { throw ResamplerError(description: "cannot resample from \(from) Hz to \(to) Hz") }
        var error: soxr_error_t?
        var quality = soxr_quality_spec(UInt(SOXR_HQ), 0)
        guard let handle = soxr_create(Double(from), Double(to), 1, &error, nil, &quality, nil), error == nil else {
            throw ResamplerError(description: "soxr: " + (error.map { String(cString: $0) } ?? "unknown error"))
        }
        self.inputRate = from
        self.outputRate = to
        self.handle = handle
    }

    deinit { soxr_delete(handle) }

    /// Resamples the next piece of input; returns whatever output is ready (soxr holds back a filter delay).
    public func process(_ samples: [Float]) -> [Float] {
        guard !samples.isEmpty, !flushed else { return [] }
        return samples.withUnsafeBufferPointer { run(input: $0) }
    }

    /// Ends the stream and returns the remaining output. Later calls return nothing.
    public func flush() -> [Float] {
        guard !flushed else { return [] }
        flushed = true
        return run(input: nil)
    }

    /// One soxr pass; `input == nil` tells soxr the input has ended, so it drains its delay line.
    private func run(input: UnsafeBufferPointer<Float>?) -> [Float] {
        let ratio = Double(outputRate) / Double(inputRate)
        var output: [Float] = []
        var block = [Float](repeating: 0, count: max(1024, Int(Double(input?.count ?? 0) * ratio) + 64))
        var consumed = 0
        while true {
            var inputDone = 0
            var outputDone = 0
            let remaining = (input?.count ?? 0) - consumed
            let error = block.withUnsafeMutableBufferPointer { out -> soxr_error_t? in
                if let base = input?.baseAddress {
                    soxr_process(handle, base + consumed, remaining, &inputDone, out.baseAddress, out.count, &outputDone)
                } else {
                    soxr_process(handle, nil, 0, nil, out.baseAddress, out.count, &outputDone)
                }
            }
            // soxr only fails here on misuse (a NULL handle); keep what was produced.
            if error != nil { break }
            consumed += inputDone
            output.append(contentsOf: block[0..<outputDone])
            // Stop once all input is taken and soxr had no more to give than fit in the block.
            if consumed >= (input?.count ?? 0), outputDone < block.count { break }
            if input != nil, inputDone == 0, outputDone == 0 { break }
        }
        return output
    }

    /// Resamples a whole chunk in one go; returns it unchanged when it is already at `rate` Hz.
    ///
    /// - Precondition: both rates are positive.
    public static func resample(_ chunk: AudioChunk, to rate: Int) -> AudioChunk {
        guard chunk.sampleRate != rate, !chunk.samples.isEmpty else {
            return AudioChunk(samples: chunk.samples, sampleRate: rate)
        }
        let resampler: Resampler
        do { resampler = try Resampler(from: chunk.sampleRate, to: rate) } catch { preconditionFailure(error.description) }
        return AudioChunk(samples: resampler.process(chunk.samples) + resampler.flush(), sampleRate: rate)
    }
}
