import AudioIO
import CosyVoiceTestTraits
import CosyVoiceTesting
import Testing

@Suite("Resampling", .offThePool)
struct ResamplerTests {
    @Test func streaming24kTo16kKeepsLengthAndPitch() throws {
        let tone = TestSignals.tone(220, seconds: 2, sampleRate: 24000).samples
        let resampler = try Resampler(from: 24000, to: 16000)
        var out: [Float] = []
        for start in stride(from: 0, to: tone.count, by: 1000) {
            out += resampler.process(Array(tone[start..<min(start + 1000, tone.count)]))
        }
        out += resampler.flush()
        #expect(abs(out.count - 32000) <= 2)
        let f0 = try #require(pitch(of: AudioChunk(samples: out, sampleRate: 16000)))
        #expect(abs(f0 - 220) / 220 < 0.02)
        // A sine keeps its level through a good resampler.
        #expect(abs(AudioLevel.rmsDBFS(Array(out[2000..<30000])) - AudioLevel.rmsDBFS(tone)) < 0.1)
    }

    @Test func upsamplingChunkConvenience() {
        let chunk = Resampler.resample(TestSignals.tone(220, seconds: 1, sampleRate: 16000), to: 44100)
        #expect(chunk.sampleRate == 44100)
        #expect(abs(chunk.samples.count - 44100) <= 2)
    }

    @Test func sameRateIsIdentity() {
        let tone = TestSignals.tone(220, seconds: 0.1, sampleRate: 24000)
        #expect(Resampler.resample(tone, to: 24000) == tone)
    }

    @Test func rejectsNonPositiveRates() {
        #expect(throws: ResamplerError.self) { try Resampler(from: 0, to: 16000) }
    }
}
