import AudioIO
import CosyVoiceTestTraits
import CosyVoiceTesting
import Foundation
import Testing

@Suite("Pitch tracking", .offThePool)
struct PitchTrackerTests {
    @Test(arguments: [120.0, 220.0])
    func sineFrequencyWithin2Percent(frequency: Double) throws {
        let f0 = try #require(pitch(of: TestSignals.tone(frequency, seconds: 1)))
        #expect(abs(f0 - frequency) / frequency < 0.02)
    }

    @Test func framesAre10msApart() {
        let frames = PitchTracker().track(TestSignals.tone(200, seconds: 1))
        // A 40 ms frame every 10 ms over 1 s: the last starts at 960 ms, so 96 hops and 97 frames.
        #expect(frames.count == 97)
        #expect(frames.allSatisfy { $0 != nil })
    }

    @Test func silenceAndNoiseAreUnvoiced() {
        #expect(PitchTracker().track(.silence(seconds: 1, sampleRate: 16000)).allSatisfy { $0 == nil })
        let noise = PitchTracker().track(TestSignals.whiteNoise(seconds: 1))
        #expect(noise.filter { $0 != nil }.count < noise.count / 10)
    }

    @Test func fixtureVoiceIsInTheFemaleRange() throws {
        let chunk = try AudioDecoder.decode(Data(contentsOf: Fixtures.promptURL))
        let f0 = try #require(pitch(of: chunk))
        #expect(f0 > 165 && f0 < 400)
    }
}
