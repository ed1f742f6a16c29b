import AudioIO
import CosyVoiceTestTraits
import CosyVoiceTesting
import Foundation
import Testing

@Suite("WAV output", .offThePool)
struct WAVEncoderTests {
    private func u32(_ data: Data, _ offset: Int) -> UInt32 {
        data.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
    }
    private func u16(_ data: Data, _ offset: Int) -> UInt16 {
        data.withUnsafeBytes { UInt16(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt16.self)) }
    }
    private func tag(_ data: Data, _ offset: Int) -> String {
        String(decoding: data[offset..<(offset + 4)], as: UTF8.self)
    }

    @Test func completeFileHasExactHeaderFields() {
        let wav = WAVEncoder.wav(TestSignals.tone(440, seconds: 0.5, sampleRate: 22050))
        let dataBytes = 11025 * 2
        #expect(wav.count == 44 + dataBytes)
        #expect(tag(wav, 0) == "RIFF" && tag(wav, 8) == "WAVE" && tag(wav, 12) == "fmt " && tag(wav, 36) == "data")
        #expect(u32(wav, 4) == UInt32(wav.count - 8))
        #expect(u32(wav, 16) == 16)  // fmt chunk size
        #expect(u16(wav, 20) == 1)  // PCM
        #expect(u16(wav, 22) == 1)  // mono
        #expect(u32(wav, 24) == 22050)
        #expect(u32(wav, 28) == 44100)  // byte rate
        #expect(u16(wav, 32) == 2)  // block align
        #expect(u16(wav, 34) == 16)  // bits per sample
        #expect(u32(wav, 40) == UInt32(dataBytes))
    }

    @Test func completeFileDecodesToTheSameSamples() throws {
        let tone = TestSignals.tone(440, seconds: 0.5, sampleRate: 22050)
        let decoded = try AudioDecoder.decode(WAVEncoder.wav(tone))
        #expect(decoded.sampleRate == 22050)
        #expect(zip(decoded.samples, tone.samples).allSatisfy { abs($0 - $1) < 2.0 / 32767 })
    }

    @Test func streamingHeaderDeclaresUnknownLength() {
        let encoder = WAVEncoder(sampleRate: 24000, mode: .streaming)
        let first = encoder.encode(TestSignals.tone(220, seconds: 0.1))
        let second = encoder.encode(TestSignals.tone(220, seconds: 0.1))
        let end = encoder.finish()
        #expect(first.count == 44 + 4800)
        #expect(u32(first, 4) == 0xFFFF_FFFF && u32(first, 40) == 0xFFFF_FFFF)
        #expect(u32(first, 24) == 24000)
        #expect(second.count == 4800)  // no second header mid-stream
        #expect(end.isEmpty)
    }

    @Test func emptyStreamIsStillAHeader() {
        let encoder = WAVEncoder(sampleRate: 16000)
        #expect(encoder.finish().count == 44)
    }

    @Test func completeModeEmitsOneExactFileAtFinish() {
        let encoder = WAVEncoder(sampleRate: 16000, mode: .complete)
        #expect(encoder.encode(TestSignals.tone(220, seconds: 0.25, sampleRate: 16000)).isEmpty)
        #expect(encoder.encode(TestSignals.tone(220, seconds: 0.25, sampleRate: 16000)).isEmpty)
        let wav = encoder.finish()
        #expect(wav.count == 44 + 16000)
        #expect(u32(wav, 40) == 16000)
    }
}
