import AudioIO
import CosyVoiceTesting
import Foundation
@testable import Synthesis
import Testing

@Suite("Instructions move the measured property the right way")
struct InstructTests {
    let service: SynthesisService
    static let text = "今天天气很好，我们一起去公园散步吧。"

    init() throws { service = try makeEspeakService() }

    func measure(_ instruction: String?, speaker: String = "中文女") async throws -> (Measured, SynthesisStream) {
        let mode: SynthesisRequest.Mode = instruction.map { .instruct(speakerID: speaker, instruction: $0) } ?? .sft(speakerID: speaker)
        let request = SynthesisRequest(mode: mode, text: Self.text)
        let stream = try await service.prepare(request)
        let (audio, _) = try await synthesizeAll(service, request)
        return (Measured(audio), stream)
    }

    @Test func slowInstructionLengthensSpeech() async throws {
        let (plain, _) = try await measure(nil)
        let (slow, stream) = try await measure("用很慢的语速说")
        #expect(slow.duration > plain.duration * 1.2)
        #expect(stream.instruction?.rate != nil)
    }

    @Test func fastInstructionShortensSpeech() async throws {
        let (plain, _) = try await measure(nil, speaker: "英文女")
        let (fast, _) = try await measure("Please speak faster", speaker: "英文女")
        #expect(fast.duration < plain.duration * 0.92)
    }

    @Test func deepVoiceInstructionLowersPitch() async throws {
        let (plain, _) = try await measure(nil)
        let (deep, stream) = try await measure("用低沉的声音说")
        // Down by a move a listener hears, and by what the server reports it applied.
        let reported = try #require(stream.instruction?.effective.pitch)
        #expect(reported <= -2)
        let measured = semitones(try #require(deep.f0), try #require(plain.f0))
        #expect(abs(measured - reported) <= 1, "reported \(reported) st, measured \(measured) st")
    }

    @Test func louderInstructionRaisesLevel() async throws {
        let (plain, _) = try await measure(nil)
        let (loud, stream) = try await measure("大声一点")
        let reported = try #require(stream.instruction?.effective.volume)
        #expect(reported >= 3)
        #expect(abs((loud.level - plain.level) - reported) <= 1.5, "reported \(reported) dB, measured \(loud.level - plain.level) dB")
    }

    @Test func happyInstructionRaisesPitchAndMarkersAreStripped() async throws {
        let (plain, _) = try await measure(nil)
        let (happy, stream) = try await measure("用开心的语气说<|endofprompt|>")
        let reported = try #require(stream.instruction?.effective.pitch)
        #expect(reported >= 1)
        let measured = semitones(try #require(happy.f0), try #require(plain.f0))
        #expect(abs(measured - reported) <= 1, "reported \(reported) st, measured \(measured) st")
        #expect(stream.instruction?.emotion == .happy)
    }

    @Test func cantoneseInstructionSwitchesToTheCantoneseVoice() async throws {
        let request = SynthesisRequest(mode: .instruct(speakerID: "中文女", instruction: "请用广东话表达。"), text: Self.text)
        let stream = try await service.prepare(request)
        #expect(stream.steps.allSatisfy { $0.voice.language == .cantonese })
    }

    @Test func unknownInstructionChangesNothingAndIsNeverSpoken() async throws {
        let plain = try await synthesizeAll(service, SynthesisRequest(mode: .sft(speakerID: "中文女"), text: Self.text))
        let instruction = "Theo 'Crimson' collects old maps of harbours<|endofprompt|>"
        let request = SynthesisRequest(mode: .instruct(speakerID: "中文女", instruction: instruction), text: Self.text)
        let stream = try await service.prepare(request)
        #expect(stream.steps.allSatisfy { !$0.segment.text.contains("Theo") && !$0.segment.text.contains("endofprompt") })
        #expect(stream.instruction?.isEmpty == true)
        let steered = Measured(try await synthesizeAll(service, request).audio), unsteered = Measured(plain.audio)
        #expect(abs(steered.duration / unsteered.duration - 1) < 0.02)
        #expect(abs(semitones(try #require(steered.f0), try #require(unsteered.f0))) < 0.5)
        #expect(abs(steered.level - unsteered.level) < 1)
    }

    @Test func instructControlsAreReportedAsCompactJSON() async throws {
        let stream = try await service.prepare(SynthesisRequest(mode: .instruct(speakerID: "中文女", instruction: "用很慢的语速说"), text: Self.text))
        let json = try #require(stream.instruction?.jsonString())
        #expect(json.hasPrefix("{") && json.contains("rate") && !json.contains(" "))
    }
}
