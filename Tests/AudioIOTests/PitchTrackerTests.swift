import AudioIO
import Foundation
import Testing

@Suite("Pitch tracking")
struct PitchTrackerTests {
    @Test(arguments: [120.0, 220.0])
    func sineFrequencyWithin2Percent(frequency: Double) throws {
        let f0 = try #require(TestAudio.pitch(of: TestAudio.tone(frequency, seconds: 1)))
        #expect(abs(f0 - frequency) / frequency < 0.02)
    }

    @Test func framesAre10msApart() {
        let frames = PitchTracker().track(TestAudio.tone(200, seconds: 1))
        // 1 s minus the 40 ms window and the longest lag, every 10 ms.
        #expect((75...97).contains(frames.count))
        #expect(frames.allSatisfy { $0 != nil })
    }

    @Test func silenceAndNoiseAreUnvoiced() {
        #expect(PitchTracker().track(.silence(seconds: 1, sampleRate: 16000)).allSatisfy { $0 == nil })
        let noise = PitchTracker().track(TestAudio.whiteNoise(seconds: 1))
        #expect(noise.filter { $0 != nil }.count < noise.count / 10)
    }

    @Test func fixtureVoiceIsInTheFemaleRange() throws {
        let chunk = try AudioDecoder.decode(Data(contentsOf: TestAudio.fixturePrompt))
        let f0 = try #require(TestAudio.pitch(of: chunk))
        #expect(f0 > 165 && f0 < 400)
    }
}
