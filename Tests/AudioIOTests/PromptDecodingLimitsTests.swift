@testable import AudioIO
import CosyVoiceTestTraits
import CosyVoiceTesting
import Foundation
import Testing

/// Hostile prompt files cost bounded memory: the header is checked before decoding, and decoding stops as soon
/// as the audio passes the maximum duration, whatever length the file declares.
@Suite("Prompt decoding is bounded", .offThePool)
struct PromptDecodingLimitsTests {
    let rules = PromptRules()
    /// Frames the default 30 s limit allows at 16 kHz; a decoder that stops early has read one more.
    let framesAtLimit = 30 * 16000

    /// Runs the prompt decoder on `data`, returning what it threw and how many frames it decoded first.
    func decode(_ data: Data) throws -> (error: AudioError?, framesRead: Int) {
        let reader = try AudioFileReader(data)
        do {
            _ = try rules.decodePrompt(from: reader)
            return (nil, reader.framesRead)
        } catch {
            return (error, reader.framesRead)
        }
    }

    @Test(arguments: [nil, 0, (1 << 36) - 1] as [UInt64?])
    func aSilentNineHundredSecondFLACStopsJustPastTheLimit(declaredSamples: UInt64?) throws {
        let flac = HostileAudio.patchingStreamInfo(try HostileAudio.silentFLAC(seconds: 900), totalSamples: declaredSamples)
        #expect(flac.count < 200_000, "compresses to \(flac.count) bytes")
        let outcome = try decode(flac)
        #expect(outcome.error == .tooLong(seconds: nil, maximum: 30))
        #expect(outcome.framesRead == framesAtLimit + 1)
    }

    @Test func aDeclaredLengthOfTwoToThe36FramesIsNotTrusted() throws {
        let flac = HostileAudio.patchingStreamInfo(try AudioFileWriter.write(TestSignals.tone(220, seconds: 2, sampleRate: 16000), as: .flac),
                                                   totalSamples: (1 << 36) - 1)
        let chunk = try rules.decodePrompt(flac)
        #expect(chunk.samples.count == 32000)
    }

    @Test func eightChannelsDeclaringTwoToThe31FramesReserveNothingAndAreUndecodable() throws {
        let flac = HostileAudio.patchingStreamInfo(try HostileAudio.silentFLAC(seconds: 1), channels: 8, totalSamples: 1 << 31)
        let outcome = try decode(flac)
        guard case .undecodable? = outcome.error else {
            Issue.record("expected undecodable, got \(String(describing: outcome.error))")
            return
        }
        #expect(outcome.framesRead == 0)
    }

    @Test func moreThanEightChannelsAreRefusedBeforeDecoding() throws {
        let silence = AudioChunk.silence(seconds: 1, sampleRate: 16000).samples
        let wav = try AudioFileWriter.write(channels: Array(repeating: silence, count: 9), sampleRate: 16000, as: .wav)
        #expect(throws: AudioError.tooManyChannels(channels: 9, maximum: 8)) { try rules.decodePrompt(wav) }
        #expect(AudioError.tooManyChannels(channels: 9, maximum: 8).description == "audio has 9 channels, more than the maximum of 8")
    }

    @Test func aSampleRateAbove192kHzIsRefusedBeforeDecoding() throws {
        let flac = HostileAudio.patchingStreamInfo(try HostileAudio.silentFLAC(seconds: 1), sampleRate: 655_350)
        #expect(throws: AudioError.sampleRateTooHigh(rate: 655_350, maximum: 192_000)) { try rules.decodePrompt(flac) }
    }

    @Test func aSampleRateBelowTheMinimumIsRefusedBeforeDecoding() throws {
        let flac = HostileAudio.patchingStreamInfo(try HostileAudio.silentFLAC(seconds: 900), sampleRate: 8000, totalSamples: 0)
        let outcome = try decode(flac)
        #expect(outcome.error == .sampleRateTooLow(rate: 8000, minimum: 16000))
        #expect(outcome.framesRead == 0)
    }

    @Test func aWAVClaimingFourGigabytesOfDataDecodesWhatIsThere() throws {
        let short = HostileAudio.claimingHugeDataChunk(WAVEncoder.wav(TestSignals.tone(220, seconds: 1, sampleRate: 16000)))
        #expect(try rules.decodePrompt(short).samples.count == 16000)
        let long = HostileAudio.claimingHugeDataChunk(WAVEncoder.wav(AudioChunk.silence(seconds: 40, sampleRate: 16000)))
        let outcome = try decode(long)
        #expect(outcome.error == .tooLong(seconds: nil, maximum: 30))
        #expect(outcome.framesRead == framesAtLimit + 1)
    }

    @Test func aLongOpusPromptStopsJustPastTheLimit() throws {
        let opus = try AudioFileWriter.write(AudioChunk.silence(seconds: 60, sampleRate: 16000), as: .oggOpus)
        #expect(opus.prefix(4) == Data("OggS".utf8))
        let outcome = try decode(opus)
        #expect(outcome.error == .tooLong(seconds: nil, maximum: 30))
        #expect(outcome.framesRead == framesAtLimit + 1)
    }

    @Test func aLongMP3PromptStopsJustPastTheLimit() throws {
        let encoder = MP3Encoder(sampleRate: 16000)
        let mp3 = encoder.encode(AudioChunk.silence(seconds: 60, sampleRate: 16000)) + encoder.finish()
        let outcome = try decode(mp3)
        #expect(outcome.error == .tooLong(seconds: nil, maximum: 30))
        #expect(outcome.framesRead == framesAtLimit + 1)
    }

    @Test func aStereo44kHzPromptIsStoredAsMonoAt16kHz() throws {
        let left = TestSignals.tone(220, seconds: 2, amplitude: 0.6, sampleRate: 44100).samples
        let right = TestSignals.tone(220, seconds: 2, amplitude: 0.2, sampleRate: 44100).samples
        let chunk = try rules.decodePrompt(try AudioFileWriter.write(channels: [left, right], sampleRate: 44100, as: .flac))
        #expect(chunk.sampleRate == PromptRules.storedSampleRate)
        #expect(abs(chunk.duration - 2) < 0.01)
        #expect(abs(AudioLevel.peak(chunk.samples) - 0.4) < 0.02)
        let f0 = try #require(pitch(of: chunk))
        #expect(abs(f0 - 220) / 220 < 0.02)
    }

    @Test func rawPCMAtAnotherRateIsStoredAt16kHz() throws {
        let pcm = PCM16Encoder.pcm16(TestSignals.tone(220, seconds: 1, sampleRate: 48000).samples)
        let chunk = try rules.validatePCM16(pcm, sampleRate: 48000)
        #expect(chunk.sampleRate == 16000)
        #expect(abs(chunk.duration - 1) < 0.01)
    }

    @Test func nonFiniteFloatSamplesDecodeToFullScaleAndAnalyseToFiniteNumbers() throws {
        var samples = TestSignals.tone(200, seconds: 1, sampleRate: 16000).samples
        for i in stride(from: 0, to: samples.count, by: 97) { samples[i] = [Float.nan, .infinity, -.infinity, 3e38][i % 4] }
        let chunk = try rules.decodePrompt(HostileAudio.floatWAV(samples, sampleRate: 16000))
        #expect(chunk.samples.allSatisfy { $0.isFinite && abs($0) <= 1 })
        let analysis = PromptAnalysis.analyse(chunk)
        #expect(analysis.speechLevel.isFinite && analysis.spectralTilt.isFinite)
        _ = try JSONEncoder().encode(analysis)  // a cloned speaker's analysis is stored as JSON
    }
}
