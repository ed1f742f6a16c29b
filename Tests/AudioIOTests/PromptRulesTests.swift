import AudioIO
import CosyVoiceTestTraits
import CosyVoiceTesting
import Foundation
import Testing

@Suite("Prompt rules (api.md §0)", .offThePool)
struct PromptRulesTests {
    let rules = PromptRules()

    @Test func defaultsAreTheContractLimits() {
        #expect(PromptRules.minimumSampleRate == 16000)
        #expect(PromptRules.minimumDuration == 0.5)
        #expect(PromptRules.maximumDuration == 30)
        #expect(PromptRules.storedSampleRate == 16000)
        #expect(PromptRules.rawPCMSampleRate == 16000)
        #expect(rules == PromptRules(minimumSampleRate: 16000, minimumDuration: 0.5, maximumDuration: 30))
    }

    @Test func acceptsTheFixture() throws {
        let chunk = try rules.decodePrompt(Data(contentsOf: Fixtures.promptURL))
        #expect(chunk.sampleRate == PromptRules.storedSampleRate)
        #expect(abs(chunk.duration - 3.48) < 0.01)
    }

    @Test func rejects8kHzAudio() {
        let wav = WAVEncoder.wav(TestSignals.tone(200, seconds: 2, sampleRate: 8000))
        #expect(throws: AudioError.sampleRateTooLow(rate: 8000, minimum: 16000)) { try rules.decodePrompt(wav) }
    }

    @Test func rejectsA40SecondFile() throws {
        let flac = try AudioFileWriter.write(TestSignals.tone(200, seconds: 40, sampleRate: 16000), as: .flac)
        #expect(throws: AudioError.tooLong(seconds: nil, maximum: 30)) { try rules.decodePrompt(flac) }
    }

    @Test func rejectsA0Point2SecondFile() {
        let wav = WAVEncoder.wav(TestSignals.tone(200, seconds: 0.2, sampleRate: 16000))
        #expect(throws: AudioError.tooShort(seconds: 0.2, minimum: 0.5)) { try rules.decodePrompt(wav) }
    }

    @Test func rejectsGarbageAndEmptyPrompts() {
        #expect(throws: AudioError.empty) { try rules.decodePrompt(Data()) }
        #expect(throws: AudioError.self) { try rules.decodePrompt(Data(repeating: 0x5A, count: 4000)) }
    }

    @Test func everyRuleHasItsOwnMessageWithTheNumbers() {
        let messages = [
            AudioError.empty, .undecodable("bad header"), .sampleRateTooLow(rate: 8000, minimum: 16000),
            .tooShort(seconds: 0.2, minimum: 0.5), .tooLong(seconds: 40, maximum: 30), .invalidBase64,
            .tooLong(seconds: nil, maximum: 30), .sampleRateTooHigh(rate: 655_350, maximum: 192_000),
            .tooManyChannels(channels: 9, maximum: 8),
        ].map(\.description)
        #expect(Set(messages).count == messages.count)
        #expect(messages[0] == "audio is empty")
        #expect(messages[2] == "prompt audio sample rate 8000 Hz is below the minimum of 16000 Hz")
        #expect(messages[3].contains("0.2 s") && messages[3].contains("0.5 s"))
        #expect(messages[4].contains("40 s") && messages[4].contains("30 s"))
        #expect(messages[6] == "prompt audio is longer than the maximum of 30 s")
        #expect(messages[7] == "audio sample rate 655350 Hz is above the maximum of 192000 Hz")
    }

    @Test func overridesChangeTheLimits() throws {
        let lenient = PromptRules(minimumSampleRate: 8000, minimumDuration: 0.1, maximumDuration: 60)
        let short8k = TestSignals.tone(200, seconds: 0.2, sampleRate: 8000)
        let long = TestSignals.tone(200, seconds: 40, sampleRate: 16000)
        // What the default rules refuse, the overrides accept.
        #expect(throws: AudioError.sampleRateTooLow(rate: 8000, minimum: 16000)) { try PromptRules().validate(short8k) }
        #expect(throws: AudioError.tooLong(seconds: 40, maximum: 30)) { try PromptRules().validate(long) }
        #expect(throws: Never.self) { try lenient.validate(short8k) }
        #expect(throws: Never.self) { try lenient.validate(long) }
    }

    @Test func readsRawGRPCPCM16At16kHz() throws {
        let pcm = PCM16Encoder.pcm16(TestSignals.tone(200, seconds: 1, sampleRate: 16000).samples)
        let chunk = try rules.validatePCM16(pcm)
        #expect(chunk.sampleRate == 16000)
        #expect(chunk.samples.count == 16000)
    }

    @Test func rawPCM16FollowsTheDurationRules() {
        let short = PCM16Encoder.pcm16(TestSignals.tone(200, seconds: 0.2, sampleRate: 16000).samples)
        let long = PCM16Encoder.pcm16(TestSignals.tone(200, seconds: 31, sampleRate: 16000).samples)
        #expect(throws: AudioError.tooShort(seconds: 0.2, minimum: 0.5)) { try rules.validatePCM16(short) }
        #expect(throws: AudioError.tooLong(seconds: 31, maximum: 30)) { try rules.validatePCM16(long) }
        #expect(throws: AudioError.empty) { try rules.validatePCM16(Data()) }
    }

    @Test func rawPCM16WithAnOddByteCountIsUndecodable() {
        #expect(throws: AudioError.undecodable("raw 16-bit PCM needs an even number of bytes, got 16001")) {
            try rules.validatePCM16(Data(count: 16001))
        }
    }
}
