import AudioIO
import CosyVoiceTestTraits
import CosyVoiceTesting
import Foundation
import Testing

@Suite("AAC output", .offThePool)
struct AACEncoderTests {
    private let voice = TestSignals.voicedTone(seconds: 3, sampleRate: 24000)

    @Test func roundTripKeepsLengthPitchAndLevel() throws {
        let stream = EncodedStream(voice, with: AACEncoder(sampleRate: 24000))
        let decoded = try ADTSDecoder.decode(stream.bytes)
        #expect(decoded.sampleRate == 24000)
        // ADTS cannot say how much to trim: the decoder plays the encoder's 1024 priming samples and the padding
        // of the last frame.
        let extra = decoded.samples.count - voice.samples.count
        #expect(extra >= AACEncoder.frameSize && extra <= 3 * AACEncoder.frameSize, "\(extra) samples more")
        let f0 = try #require(pitch(of: decoded))
        #expect(abs(f0 - 180) / 180 < 0.02)
        #expect(abs(20 * log10(rms(decoded.samples) / rms(voice.samples))) < 1)
    }

    @Test func framesLeaveWhileAudioArrives() throws {
        let stream = EncodedStream(voice, with: AACEncoder(sampleRate: 24000))
        let firstAudio = try #require(stream.firstAudioAfter)
        #expect(firstAudio <= 0.2, "first frame after \(firstAudio) s of input")
        #expect(stream.bytesBeforeFinish >= stream.bytes.count * 9 / 10,
                "\(stream.bytesBeforeFinish) of \(stream.bytes.count) bytes before finish")
    }

    @Test func everyFrameHasAnADTSHeaderForLCMonoAtTheWireRate() throws {
        let stream = EncodedStream(TestSignals.tone(300, seconds: 1, sampleRate: 22050), with: AACEncoder(sampleRate: 22050))
        let frames = try ADTSDecoder.frames(stream.bytes)
        #expect(frames.count >= 22050 / AACEncoder.frameSize)
        for frame in frames {
            #expect(frame[1] == 0xF1)  // MPEG-4, no CRC
            #expect(frame[2] >> 6 == 1)  // AAC-LC
            #expect(frame[2] >> 2 & 0xF == 7)  // 22050 Hz
            #expect((frame[2] & 1) << 2 | frame[3] >> 6 == 1)  // mono
        }
    }

    @Test func voiceRatesAreKeptAndOthersRaised() {
        for rate in [16000, 22050, 24000] { #expect(AudioFormat.aac.wireRate(for: rate) == rate) }
        #expect(AudioFormat.aac.wireRate(for: 20000) == 22050)
        #expect(AudioFormat.aac.wireRate(for: 96000) == 48000)
    }

    @Test func finishTwiceAddsNothing() {
        let encoder = AACEncoder(sampleRate: 16000)
        _ = encoder.encode(TestSignals.tone(220, seconds: 0.5, sampleRate: 16000))
        #expect(!encoder.finish().isEmpty)
        #expect(encoder.finish().isEmpty)
    }
}
