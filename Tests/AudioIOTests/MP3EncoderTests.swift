import AudioIO
import CosyVoiceTestTraits
import CosyVoiceTesting
import Foundation
import Testing

@Suite("MP3 output", .offThePool)
struct MP3EncoderTests {
    /// Encodes `chunk` in pieces of `piece` samples, as a streaming response would.
    private func encode(_ chunk: AudioChunk, with encoder: MP3Encoder, piece: Int = 480) -> Data {
        var mp3 = Data()
        for start in stride(from: 0, to: chunk.samples.count, by: piece) {
            let end = min(start + piece, chunk.samples.count)
            mp3 += encoder.encode(AudioChunk(samples: Array(chunk.samples[start..<end]), sampleRate: chunk.sampleRate))
        }
        return mp3 + encoder.finish()
    }

    /// Two MP3 frames of slack plus LAME's encoder delay (576 + 529 samples); without an info tag the decoder
    /// cannot trim them.
    private let slack = 2 * 1152 + 1105

    @Test func roundTripKeepsLengthAndPitch() throws {
        let tone = TestSignals.tone(220, seconds: 2, sampleRate: 24000)
        let mp3 = encode(tone, with: MP3Encoder(sampleRate: 24000))
        let decoded = try AudioDecoder.decode(mp3)
        #expect(decoded.sampleRate == 24000)
        #expect(decoded.samples.count >= tone.samples.count)
        #expect(decoded.samples.count - tone.samples.count <= slack)
        let f0 = try #require(pitch(of: decoded))
        #expect(abs(f0 - 220) / 220 < 0.02)
    }

    @Test func isOneStreamWithoutInfoTagOrID3() {
        let mp3 = encode(TestSignals.tone(220, seconds: 1, sampleRate: 22050), with: MP3Encoder(sampleRate: 22050))
        #expect(mp3[0] == 0xFF && mp3[1] & 0xE0 == 0xE0)  // starts on a frame sync, not "ID3"
        #expect(mp3.range(of: Data("Xing".utf8)) == nil && mp3.range(of: Data("Info".utf8)) == nil)
        #expect(mp3.suffix(128).prefix(3) != Data("TAG".utf8))
    }

    @Test func bitRateIs64kbpsConstant() {
        let mp3 = encode(TestSignals.tone(220, seconds: 4, sampleRate: 24000), with: MP3Encoder(sampleRate: 24000))
        let kbps = Double(mp3.count * 8) / 4 / 1000
        #expect(abs(kbps - 64) < 4)
    }

    @Test func unsupportedRateIsRaisedToTheNextMP3Rate() throws {
        // Planned once: the format names the wire rate, post-processing resamples to it, the encoder takes it.
        #expect(AudioFormat.mp3.wireRate(for: 20000) == 22050)
        let encoder = MP3Encoder(sampleRate: AudioFormat.mp3.wireRate(for: 20000))
        #expect(encoder.sampleRate == 22050)
        var post = PostProcessor(PostProcessing(), inputRate: 20000, outputRate: encoder.sampleRate)
        let tone = TestSignals.tone(300, seconds: 1, sampleRate: 20000)
        let resampled = post.process(tone).samples + (post.finish()?.samples ?? [])
        let decoded = try AudioDecoder.decode(encode(AudioChunk(samples: resampled, sampleRate: 22050), with: encoder))
        #expect(decoded.sampleRate == 22050)
        #expect(decoded.samples.count >= 22050 - 4)
        #expect(decoded.samples.count - 22050 <= slack)
        let f0 = try #require(pitch(of: decoded))
        #expect(abs(f0 - 300) / 300 < 0.02)
    }

    @Test func aStreamCutOffMidwayStillDecodes() throws {
        let mp3 = encode(TestSignals.tone(220, seconds: 2, sampleRate: 24000), with: MP3Encoder(sampleRate: 24000))
        let decoded = try AudioDecoder.decode(mp3.prefix(mp3.count / 2 + 37))
        #expect(abs(decoded.duration - 1) < 0.1)
    }

    @Test func finishTwiceAddsNothing() {
        let encoder = MP3Encoder(sampleRate: 16000)
        _ = encoder.encode(TestSignals.tone(220, seconds: 0.5, sampleRate: 16000))
        #expect(!encoder.finish().isEmpty)
        #expect(encoder.finish().isEmpty)
    }
}
