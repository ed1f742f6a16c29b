import CosyVoiceTesting
import Foundation
import Synthesis
import Testing

@Suite("Bad input is refused before any audio, with a clear error")
struct RequestValidationTests {
    let service: SynthesisService
    init() throws { service = try makeEspeakService() }

    func refusal(_ request: SynthesisRequest) async -> SynthesisError? {
        do {
            _ = try await service.prepare(request)
            return nil
        } catch {
            return error
        }
    }

    @Test func emptyTextIsRefused() async {
        let error = await refusal(SynthesisRequest(mode: .sft(speakerID: "中文女"), text: "  \n "))
        #expect(error == .invalidInput(field: "tts_text", message: "tts_text is empty"))
    }

    @Test func textOfOnlyTagsIsRefused() async {
        guard case .invalidInput(let field, _)? = await refusal(SynthesisRequest(mode: .sft(speakerID: "中文女"), text: "[breath] [laughter]")) else {
            Issue.record("expected invalid input")
            return
        }
        #expect(field == "tts_text")
    }

    @Test func unknownSpeakerIsRefused() async {
        #expect(await refusal(SynthesisRequest(mode: .sft(speakerID: "nobody"), text: "你好")) == .unknownSpeaker("nobody"))
    }

    @Test(arguments: [0.49, 2.01, Double.nan])
    func speedOutsideRangeIsRefused(speed: Double) async {
        guard case .invalidInput(let field, _)? = await refusal(SynthesisRequest(mode: .sft(speakerID: "中文女"), text: "你好", speed: speed)) else {
            Issue.record("expected invalid input for speed \(speed)")
            return
        }
        #expect(field == "speed")
    }

    @Test func undecodablePromptIsRefused() async {
        let request = SynthesisRequest(mode: .crossLingual(prompt: .file(Data("not audio at all".utf8))), text: "你好")
        guard case .invalidInput(let field, _)? = await refusal(request) else {
            Issue.record("expected invalid input")
            return
        }
        #expect(field == "prompt_audio")
    }

    @Test func refusedRequestsHoldNoSlot() async {
        _ = await refusal(SynthesisRequest(mode: .sft(speakerID: "nobody"), text: "你好"))
        #expect(service.scheduler.admittedCount == 0)
    }
}
