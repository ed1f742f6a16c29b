import Foundation

/// Raw PCM: mono, signed 16-bit little-endian, no header (api.md §0).
public final class PCM16Encoder: AudioEncoding {
    public let sampleRate: Int
    private var finished = false

    /// - Parameter sampleRate: rate in Hz of the chunks that will arrive.
    public init(sampleRate: Int) {
        self.sampleRate = sampleRate
    }

    public func encode(_ chunk: AudioChunk) -> Data {
        guard !finished else { return Data() }
        assert(chunk.sampleRate == sampleRate, "chunks arrive at the planned wire rate")
        return Self.pcm16(chunk.samples)
    }

    public func finish() -> Data {
        finished = true
        return Data()
    }

    /// Float samples → int16 LE bytes. Samples are clipped to [-1, 1] and scaled by 32767, so full scale maps
    /// to ±32767 and over-range values saturate instead of wrapping; NaN becomes 0.
    public static func pcm16(_ samples: [Float]) -> Data {
        var data = Data(count: samples.count * 2)
        data.withUnsafeMutableBytes { raw in
            let out = raw.bindMemory(to: Int16.self)
            for (i, sample) in samples.enumerated() {
                out[i] = int16(sample).littleEndian
            }
        }
        return data
    }

    /// int16 LE bytes → float samples (÷ 32767, the inverse of ``pcm16(_:)``). A trailing odd byte is ignored.
    public static func floats(fromPCM16 data: Data) -> [Float] {
        let count = data.count / 2
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            data.withUnsafeBytes { raw in
                for i in 0..<count {
                    let value = Int16(littleEndian: raw.loadUnaligned(fromByteOffset: i * 2, as: Int16.self))
                    out[i] = Float(value) / 32767
                }
            }
            initialized = count
        }
    }

    static func int16(_ sample: Float) -> Int16 {
        Int16((sample.clippedToFullScale * 32767).rounded())
    }
}
