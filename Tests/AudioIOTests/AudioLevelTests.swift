import AudioIO
import CosyVoiceTestTraits
import CosyVoiceTesting
import Testing

@Suite("Levels and gain", .offThePool)
struct AudioLevelTests {
    @Test func fullScaleSineIsMinus3dBFS() {
        #expect(abs(AudioLevel.rmsDBFS(TestSignals.tone(1000, amplitude: 1).samples) - -3.01) < 0.02)
        #expect(AudioLevel.rmsDBFS([]) == AudioLevel.floorDBFS)
    }

    @Test func peak() {
        #expect(AudioLevel.peak([0.1, -0.7, 0.3]) == 0.7)
        #expect(abs(AudioLevel.peakDBFS([0.5]) - -6.02) < 0.01)
    }

    @Test func nonFiniteSamplesMeasureAsTheyWillBeHeard() {
        #expect(AudioLevel.peak([0.1, .nan, -0.3]) == 0.3)
        #expect(AudioLevel.peak([0.1, -.infinity]) == 1)
        #expect(AudioLevel.rmsDBFS([.infinity, .infinity]) == 0)
        #expect(AudioLevel.rmsDBFS([.nan, .nan]) == AudioLevel.floorDBFS)
    }

    @Test func gainOf6dBDoublesAmplitude() {
        var chunk = TestSignals.tone(300, amplitude: 0.25)
        let before = AudioLevel.rmsDBFS(chunk.samples)
        chunk.apply(gainDB: 6.0206)
        #expect(abs(AudioLevel.peak(chunk.samples) - 0.5) < 0.001)
        #expect(abs(AudioLevel.rmsDBFS(chunk.samples) - before - 6.02) < 0.01)
    }
}
