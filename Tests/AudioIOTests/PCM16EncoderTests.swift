import AudioIO
import CosyVoiceTestTraits
import CosyVoiceTesting
import Foundation
import Testing

@Suite("Raw PCM16 output", .offThePool)
struct PCM16EncoderTests {
    @Test func clipsOverRangeSamplesInsteadOfWrapping() {
        let values = PCM16Encoder.pcm16([1.5, -1.5, 1, -1, 0, .nan]).withUnsafeBytes { raw in
            (0..<6).map { Int16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self)) }
        }
        #expect(values == [32767, -32767, 32767, -32767, 0, 0])
    }

    @Test func isLittleEndian() {
        #expect([UInt8](PCM16Encoder.pcm16([1])) == [0xFF, 0x7F])
        #expect([UInt8](PCM16Encoder.pcm16([-1])) == [0x01, 0x80])
    }

    @Test func floatsRoundTripWithinOneStep() {
        let samples: [Float] = [0, 0.25, -0.5, 0.999, -1]
        let back = PCM16Encoder.floats(fromPCM16: PCM16Encoder.pcm16(samples))
        #expect(zip(samples, back).allSatisfy { abs($0 - $1) <= 0.5 / 32767 })
    }

    @Test func streamsChunksResampledOnceToTheWireRate() {
        // Post-processing resamples each chunk to the wire rate with one streaming resampler; the encoder
        // only writes what it gets.
        let encoder = PCM16Encoder(sampleRate: 16000)
        var post = PostProcessor(PostProcessing(), inputRate: 24000, outputRate: 16000)
        var bytes = Data()
        let tone = TestSignals.tone(220, seconds: 1, sampleRate: 24000).samples
        for start in stride(from: 0, to: tone.count, by: 2400) {
            bytes += encoder.encode(post.process(AudioChunk(samples: Array(tone[start..<(start + 2400)]), sampleRate: 24000)))
        }
        if let tail = post.finish() { bytes += encoder.encode(tail) }
        bytes += encoder.finish()
        let chunk = AudioChunk(samples: PCM16Encoder.floats(fromPCM16: bytes), sampleRate: encoder.sampleRate)
        #expect(abs(chunk.samples.count - 16000) <= 2)
        let f0 = pitch(of: chunk) ?? 0
        #expect(abs(f0 - 220) / 220 < 0.02)
    }
}
