import AudioIO
import CosyVoiceTestTraits
import CosyVoiceTesting
import Foundation
import Testing

@Suite("Choosing an output format", .offThePool)
struct AudioFormatTests {
    @Test func namesAreWhatClientsSend() {
        #expect(AudioFormat.allCases.map(\.rawValue) == ["pcm", "wav", "mp3", "opus", "aac", "flac"])
    }

    @Test func mediaTypes() {
        #expect(AudioFormat.pcm.mediaType == "application/octet-stream")
        #expect(AudioFormat.wav.mediaType == "audio/wav")
        #expect(AudioFormat.mp3.mediaType == "audio/mpeg")
        #expect(AudioFormat.opus.mediaType == "audio/ogg; codecs=opus")
        #expect(AudioFormat.aac.mediaType == "audio/aac")
        #expect(AudioFormat.flac.mediaType == "audio/flac")
    }

    /// The most samples a decoder may return beyond those encoded, at the wire rate: what the format cannot trim.
    private func allowedExtraSamples(_ format: AudioFormat) -> ClosedRange<Int> {
        switch format {
        // Ogg Opus trims its pre-skip and cuts at the end-of-stream granule position.
        case .pcm, .wav, .flac, .opus: 0...0
        // LAME's delay (1105 samples) and the padding of its last 1152-sample frame; no info tag to trim them.
        case .mp3: 0...(1105 + 1152)
        // The AAC encoder's 1024 priming samples, then the padding of its last frames.
        case .aac: 1024...(3 * 1024)
        }
    }

    @Test(arguments: AudioFormat.allCases, [16000, 22050, 24000])
    func everyFormatCarriesEveryVoiceRate(format: AudioFormat, voiceRate: Int) throws {
        let rate = format.wireRate(for: voiceRate)
        let encoder = format.makeEncoder(sampleRate: rate)
        #expect(encoder.sampleRate == rate)
        let tone = TestSignals.tone(250, seconds: 1, sampleRate: rate)
        let decoded = try format.decode(EncodedStream(tone, with: encoder).bytes, sampleRate: rate)
        #expect(decoded.sampleRate == rate)
        let extra = decoded.samples.count - tone.samples.count
        #expect(allowedExtraSamples(format).contains(extra), "\(extra) samples more")
        let f0 = try #require(pitch(of: decoded))
        #expect(abs(f0 - 250) / 250 < 0.02)
    }

    @Test(arguments: AudioFormat.allCases)
    func wireRatesAreRatesTheEncoderTakesAsIs(format: AudioFormat) {
        for voiceRate in [8000, 11025, 16000, 20000, 22050, 24000, 32000, 44100, 48000] {
            let rate = format.wireRate(for: voiceRate)
            #expect(rate >= voiceRate, "\(format) sends \(voiceRate) Hz at \(rate) Hz")
            #expect(format.wireRate(for: rate) == rate, "\(format) would resample its own wire rate \(rate) Hz")
            #expect(format.makeEncoder(sampleRate: rate).sampleRate == rate, "\(format) at \(rate) Hz")
        }
    }
}
