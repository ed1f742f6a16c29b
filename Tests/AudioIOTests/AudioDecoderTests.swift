import AudioIO
import CosyVoiceTestTraits
import CosyVoiceTesting
import Foundation
import Testing

@Suite("Decoding prompt audio", .offThePool)
struct AudioDecoderTests {
    @Test func readsTheFloatWAVFixtureAtItsOwnRateAndLength() throws {
        let chunk = try AudioDecoder.decode(Data(contentsOf: Fixtures.promptURL))
        #expect(chunk.sampleRate == 24000)
        #expect(abs(chunk.duration - 3.48) < 0.01)
        #expect(AudioLevel.peak(chunk.samples) > 0.1)
    }

    @Test func averagesStereoFLACToMono() throws {
        let left = TestSignals.tone(220, amplitude: 0.6, sampleRate: 16000).samples
        let right = TestSignals.tone(220, amplitude: 0.2, sampleRate: 16000).samples
        let flac = try AudioFileWriter.write(channels: [left, right], sampleRate: 16000, as: .flac)
        #expect(flac.prefix(4) == Data("fLaC".utf8))

        let chunk = try AudioDecoder.decode(flac)
        #expect(chunk.sampleRate == 16000)
        #expect(chunk.samples.count == left.count)
        let expected = zip(left, right).map { ($0 + $1) / 2 }
        let worst = zip(chunk.samples, expected).map { abs($0 - $1) }.max()!
        #expect(worst < 2.0 / 32767)  // only 16-bit quantisation separates them
    }

    @Test func readsOggVorbis() throws {
        let ogg = try AudioFileWriter.write(TestSignals.tone(220, seconds: 1, sampleRate: 24000), as: .oggVorbis)
        #expect(ogg.prefix(4) == Data("OggS".utf8))
        let chunk = try AudioDecoder.decode(ogg)
        #expect(chunk.sampleRate == 24000)
        #expect(abs(chunk.duration - 1) < 0.01)
        let f0 = try #require(pitch(of: chunk))
        #expect(abs(f0 - 220) / 220 < 0.02)
    }

    @Test func sniffsTheFormatFromContentNotName() throws {
        // The same bytes decode whatever they were called; there is no name to pass at all.
        let wav = WAVEncoder.wav(TestSignals.tone(300, seconds: 0.6, sampleRate: 16000))
        let flac = try AudioFileWriter.write(TestSignals.tone(300, seconds: 0.6, sampleRate: 16000), as: .flac)
        #expect(try AudioDecoder.decode(wav).samples.count == 9600)
        #expect(try AudioDecoder.decode(flac).samples.count == 9600)
    }

    @Test func rejectsEmptyData() {
        #expect(throws: AudioError.empty) { try AudioDecoder.decode(Data()) }
    }

    @Test func rejectsGarbageBytesAsUndecodable() {
        let garbage = Data("this is a text file, not a recording of anything at all".utf8)
        #expect {
            try AudioDecoder.decode(garbage)
        } throws: { error in
            guard case .undecodable(let reason)? = error as? AudioError else { return false }
            return !reason.isEmpty
        }
    }

    @Test func rejectsAHeaderWithNoSamplesAsEmpty() {
        let headerOnly = WAVEncoder.wav(AudioChunk(samples: [], sampleRate: 16000))
        #expect(throws: AudioError.empty) { try AudioDecoder.decode(headerOnly) }
    }
}
