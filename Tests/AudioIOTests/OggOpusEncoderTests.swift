import AudioIO
import CosyVoiceTestTraits
import CosyVoiceTesting
import Foundation
import Testing

@Suite("Ogg Opus output", .offThePool)
struct OggOpusEncoderTests {
    private let voice = TestSignals.voicedTone(seconds: 3, sampleRate: 24000)

    /// The identification and comment header pages: what the first encode call sends before any audio.
    private func headerBytes(at rate: Int) -> Int {
        OggOpusEncoder(sampleRate: rate).encode(AudioChunk(samples: [], sampleRate: rate)).count
    }

    @Test func roundTripKeepsLengthPitchAndLevel() throws {
        let stream = EncodedStream(voice, with: OggOpusEncoder(sampleRate: 24000))
        let decoded = try AudioDecoder.decode(stream.bytes)
        // The decoder trims the pre-skip at the start and cuts at the end-of-stream granule position: exactly
        // the samples encoded come back.
        #expect(decoded.sampleRate == 24000)
        #expect(decoded.samples.count == voice.samples.count, "\(decoded.samples.count - voice.samples.count) samples more")
        let f0 = try #require(pitch(of: decoded))
        #expect(abs(f0 - 180) / 180 < 0.02)
        #expect(abs(20 * log10(rms(decoded.samples) / rms(voice.samples))) < 1)
    }

    @Test func pagesLeaveWhileAudioArrives() throws {
        let headers = headerBytes(at: 24000)
        #expect(headers > 0)
        let stream = EncodedStream(voice, with: OggOpusEncoder(sampleRate: 24000), headerBytes: headers)
        let firstAudio = try #require(stream.firstAudioAfter)
        #expect(firstAudio <= 0.2, "first audio page after \(firstAudio) s of input")
        #expect(stream.bytesBeforeFinish >= stream.bytes.count * 9 / 10,
                "\(stream.bytesBeforeFinish) of \(stream.bytes.count) bytes before finish")
    }

    @Test func bitRateIsAboutTheDefault() {
        let stream = EncodedStream(voice, with: OggOpusEncoder(sampleRate: 24000))
        let kbps = Double(stream.bytes.count * 8) / voice.duration / 1000
        #expect(kbps > Double(OggOpusEncoder.defaultBitrate) * 0.5 && kbps < Double(OggOpusEncoder.defaultBitrate) * 1.3, "\(kbps) kbit/s")
    }

    @Test func voiceRatesOpusLacksAreRaisedToTheNextOpusRate() {
        #expect(AudioFormat.opus.wireRate(for: 22050) == 24000)
        #expect(AudioFormat.opus.wireRate(for: 16000) == 16000)
        #expect(AudioFormat.opus.wireRate(for: 44100) == 48000)
        #expect(OggOpusEncoder(sampleRate: AudioFormat.opus.wireRate(for: 22050)).sampleRate == 24000)
    }

    @Test func finishTwiceAddsNothing() {
        let encoder = OggOpusEncoder(sampleRate: 16000)
        _ = encoder.encode(TestSignals.tone(220, seconds: 0.5, sampleRate: 16000))
        #expect(!encoder.finish().isEmpty)
        #expect(encoder.finish().isEmpty)
    }
}
