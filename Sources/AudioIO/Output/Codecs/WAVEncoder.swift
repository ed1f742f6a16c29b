import Foundation

/// RIFF/WAVE files of mono 16-bit PCM.
///
/// Two modes: ``Mode/streaming`` writes a header whose RIFF and data sizes are 0xFFFFFFFF ("unknown length",
/// which players read to end of stream) and then PCM as chunks arrive; ``Mode/complete`` buffers everything and
/// emits one file with exact sizes from ``finish()``.
public final class WAVEncoder: AudioEncoding {
    public enum Mode: Sendable {
        case streaming
        case complete
    }

    public let sampleRate: Int
    public let mode: Mode
    private var headerSent = false
    private var pending: [Float] = []
    private var finished = false

    /// - Parameter sampleRate: rate in Hz of the chunks that will arrive.
    public init(sampleRate: Int, mode: Mode = .streaming) {
        self.sampleRate = sampleRate
        self.mode = mode
    }

    public func encode(_ chunk: AudioChunk) -> Data {
        guard !finished else { return Data() }
        assert(chunk.sampleRate == sampleRate, "chunks arrive at the planned wire rate")
        let samples = chunk.samples
        switch mode {
        case .complete:
            pending += samples
            return Data()
        case .streaming:
            return streamingHeaderOnce() + PCM16Encoder.pcm16(samples)
        }
    }

    public func finish() -> Data {
        guard !finished else { return Data() }
        finished = true
        switch mode {
        case .complete:
            return Self.wav(AudioChunk(samples: pending, sampleRate: sampleRate))
        case .streaming:
            // Even an empty stream is a well-formed (empty) WAV.
            return streamingHeaderOnce()
        }
    }

    private func streamingHeaderOnce() -> Data {
        guard !headerSent else { return Data() }
        headerSent = true
        return Self.header(sampleRate: sampleRate, dataBytes: nil)
    }

    /// A complete WAV file of `chunk` with exact sizes.
    public static func wav(_ chunk: AudioChunk) -> Data {
        let pcm = PCM16Encoder.pcm16(chunk.samples)
        return header(sampleRate: chunk.sampleRate, dataBytes: pcm.count) + pcm
    }

    /// The 44-byte canonical header; `dataBytes == nil` writes 0xFFFFFFFF for both sizes.
    static func header(sampleRate: Int, dataBytes: Int?) -> Data {
        let channels: UInt16 = 1
        let bitsPerSample: UInt16 = 16
        let blockAlign = channels * bitsPerSample / 8
        var header = Data(capacity: 44)
        header.append(contentsOf: Array("RIFF".utf8))
        header.appendLE(dataBytes.map { UInt32(clamping: 36 + $0) } ?? UInt32.max)
        header.append(contentsOf: Array("WAVEfmt ".utf8))
        header.appendLE(UInt32(16))  // fmt chunk size for plain PCM
        header.appendLE(UInt16(1))  // WAVE_FORMAT_PCM
        header.appendLE(channels)
        header.appendLE(UInt32(sampleRate))
        header.appendLE(UInt32(sampleRate) * UInt32(blockAlign))  // byte rate
        header.appendLE(blockAlign)
        header.appendLE(bitsPerSample)
        header.append(contentsOf: Array("data".utf8))
        header.appendLE(dataBytes.map { UInt32(clamping: $0) } ?? UInt32.max)
        return header
    }
}

extension Data {
    fileprivate mutating func appendLE<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
