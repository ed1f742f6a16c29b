import AudioIO
import CosyVoiceTestTraits
import CosyVoiceTesting
import Foundation
import Testing

@Suite("FLAC output", .offThePool)
struct FLACEncoderTests {
    private let voice = TestSignals.voicedTone(seconds: 3, sampleRate: 22050)

    @Test func roundTripIsLosslessAt16Bits() throws {
        let stream = EncodedStream(voice, with: FLACEncoder(sampleRate: 22050))
        let decoded = try AudioDecoder.decode(stream.bytes)
        #expect(decoded.sampleRate == 22050)
        #expect(decoded.samples.count == voice.samples.count)
        // Only the 16-bit quantisation differs (libsndfile scales by 1/32768, the encoder by 32767).
        let worst = zip(decoded.samples, voice.samples).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= 1.5 / 32767, "\(worst * 32767) LSB")
    }

    @Test func framesLeaveWhileAudioArrives() throws {
        let header = FLACEncoder(sampleRate: 22050).encode(AudioChunk(samples: [], sampleRate: 22050)).count
        let stream = EncodedStream(voice, with: FLACEncoder(sampleRate: 22050), headerBytes: header)
        let firstAudio = try #require(stream.firstAudioAfter)
        // One block is 4096 samples (0.19 s here); it leaves with the piece that completes it.
        #expect(firstAudio <= 0.3, "first frame after \(firstAudio) s of input")
        #expect(stream.bytesBeforeFinish >= stream.bytes.count * 8 / 10,
                "\(stream.bytesBeforeFinish) of \(stream.bytes.count) bytes before finish")
    }

    @Test func streamInfoLeavesTheLengthUnknown() {
        let flac = EncodedStream(voice, with: FLACEncoder(sampleRate: 22050)).bytes
        let bytes = [UInt8](flac.prefix(42))
        #expect(bytes[0..<4] == [0x66, 0x4C, 0x61, 0x43])  // "fLaC"
        #expect(bytes[4] & 0x7F == 0)  // STREAMINFO first
        // STREAMINFO (from byte 8), its bytes 10…17: rate (20 bits), channels − 1 (3), bits − 1 (5), total
        // samples (36).
        let packed = bytes[18..<26].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(packed >> 44 == 22050)
        #expect(packed >> 41 & 0x7 == 0)  // mono
        #expect(packed >> 36 & 0x1F == 15)  // 16-bit
        #expect(packed & 0xF_FFFF_FFFF == 0)  // total samples unknown
    }

    @Test func anyRateIsCarriedAsIs() throws {
        #expect(AudioFormat.flac.wireRate(for: 22050) == 22050)
        #expect(AudioFormat.flac.wireRate(for: 20000) == 20000)
        let decoded = try AudioDecoder.decode(EncodedStream(TestSignals.tone(300, seconds: 1, sampleRate: 20000),
                                                            with: FLACEncoder(sampleRate: 20000)).bytes)
        #expect(decoded.sampleRate == 20000 && decoded.samples.count == 20000)
    }

    @Test func finishTwiceAddsNothing() {
        let encoder = FLACEncoder(sampleRate: 16000)
        _ = encoder.encode(TestSignals.tone(220, seconds: 0.5, sampleRate: 16000))
        #expect(!encoder.finish().isEmpty)
        #expect(encoder.finish().isEmpty)
    }
}
