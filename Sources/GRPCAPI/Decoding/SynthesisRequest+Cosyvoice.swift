import AudioIO
import Foundation
import Synthesis

extension SynthesisRequest {
    /// Decodes a gRPC `Request` into the service's request shape. `prompt_audio` is raw int16 LE mono at
    /// 16 kHz (api.md §5); the service checks it against the prompt rules. Every gRPC call streams, so the
    /// request asks for the short first segment that brings the first audio early.
    ///
    /// - Throws: `invalidInput` when no `RequestPayload` case is set (fix: the reference treats an empty
    ///   request as instruct).
    public init(_ message: Cosyvoice_Request) throws(SynthesisError) {
        switch message.requestPayload {
        case .sftRequest(let sft):
            self.init(mode: .sft(speakerID: sft.spkID), text: sft.ttsText, stream: true)
        case .zeroShotRequest(let zeroShot):
            self.init(mode: .zeroShot(promptText: zeroShot.promptText, prompt: .rawPrompt(zeroShot.promptAudio)),
                      text: zeroShot.ttsText, stream: true)
        case .crossLingualRequest(let crossLingual):
            self.init(mode: .crossLingual(prompt: .rawPrompt(crossLingual.promptAudio)), text: crossLingual.ttsText, stream: true)
        case .instructRequest(let instruct):
            self.init(mode: .instruct(speakerID: instruct.spkID, instruction: instruct.instructText),
                      text: instruct.ttsText, stream: true)
        case nil:
            throw .invalidInput(
                field: "RequestPayload",
                message: "the request sets none of sft_request, zero_shot_request, cross_lingual_request, instruct_request"
            )
        }
    }
}

extension SynthesisRequest.Prompt {
    fileprivate static func rawPrompt(_ bytes: Data) -> Self {
        .pcm16(bytes, sampleRate: PromptRules.rawPCMSampleRate)
    }
}
