import AudioIO
import CosyVoiceTestTraits
import CosyVoiceTesting
import Foundation
import Testing

@Suite("Prompt analysis", .offThePool)
struct PromptAnalysisTests {
    @Test func sineAtHalfScaleIsMinus9dBFS() throws {
        let analysis = PromptAnalysis.analyse(TestSignals.tone(200, seconds: 2, amplitude: 0.5))
        #expect(abs(analysis.speechLevel - -9.03) < 0.5)
        let f0 = try #require(analysis.medianF0)
        #expect(abs(f0 - 200) / 200 < 0.02)
        #expect(try #require(analysis.f0Range) < 0.2)  // a steady tone spans a fraction of a semitone
    }

    @Test func nanAndInfinityFromAnEngineStillGiveFiniteMeasurements() throws {
        var chunk = TestSignals.tone(200, seconds: 2, amplitude: 0.5)
        for i in stride(from: 0, to: chunk.samples.count, by: 1000) { chunk.samples[i] = i % 2000 == 0 ? .nan : .infinity }
        let analysis = PromptAnalysis.analyse(chunk)
        #expect(analysis.speechLevel.isFinite && analysis.spectralTilt.isFinite)
        let f0 = try #require(analysis.medianF0)
        #expect(abs(f0 - 200) / 200 < 0.02)
        _ = try JSONEncoder().encode(analysis)
    }

    @Test func pausesDoNotCountAsSpeech() {
        let tone = TestSignals.tone(200, seconds: 1, sampleRate: 16000).samples
        let withPause = AudioChunk(samples: tone + AudioChunk.silence(seconds: 1, sampleRate: 16000).samples + tone, sampleRate: 16000)
        let analysis = PromptAnalysis.analyse(withPause)
        #expect(abs(analysis.totalDuration - 3) < 0.001)
        #expect(abs(analysis.speechDuration - 2) < 0.1)
        #expect(abs(analysis.voicedDuration - 2) < 0.15)
        #expect(abs(analysis.speechLevel - -9.03) < 0.5)  // the pause does not drag the level down
        #expect(abs(analysis.speakingRate(units: 10) - 10 / analysis.speechDuration) < 1e-9)
    }

    @Test func whiteNoiseIsFlatAndBrownNoiseFallsSixDBPerOctave() {
        let white = PromptAnalysis.analyse(TestSignals.whiteNoise(seconds: 3))
        let brown = PromptAnalysis.analyse(TestSignals.brownNoise(seconds: 3))
        #expect(abs(white.spectralTilt) < 1)
        #expect(abs(brown.spectralTilt - -6) < 1)
        #expect(white.medianF0 == nil)
    }

    @Test func fixtureMeasuresLikeAFemaleSpeaker() throws {
        let chunk = try AudioDecoder.decode(Data(contentsOf: Fixtures.promptURL))
        let analysis = PromptAnalysis.analyse(chunk)
        #expect(try #require(analysis.medianF0) > 165)
        #expect(try #require(analysis.f0Range) > 1)  // speech moves its pitch
        #expect(analysis.speechLevel > -40 && analysis.speechLevel < 0)
        #expect(analysis.spectralTilt < 0)  // speech loses energy toward high frequencies
        #expect(analysis.voicedDuration > 0.5 && analysis.voicedDuration <= analysis.speechDuration)
        #expect(analysis.speechDuration > 1.5 && analysis.speechDuration <= analysis.totalDuration)
    }

    @Test func silenceIsJSONEncodable() throws {
        let analysis = PromptAnalysis.analyse(.silence(seconds: 1, sampleRate: 16000))
        #expect(analysis.speechLevel == AudioLevel.floorDBFS)
        #expect(analysis.speakingRate(units: 5) == 0)
        let json = try JSONEncoder().encode(analysis)
        #expect(try JSONDecoder().decode(PromptAnalysis.self, from: json) == analysis)
    }
}
