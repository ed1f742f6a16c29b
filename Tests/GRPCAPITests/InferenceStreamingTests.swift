import CosyVoiceTesting
import Foundation
import GRPCAPI
import GRPCCore
import Synthesis
import Testing

@Suite("Inference streams audio in every mode, as it is synthesised")
struct InferenceStreamingTests {
    static let chineseText = "今天天气很好。我们一起去公园散步吧。你觉得怎么样？"

    enum Mode: String, CaseIterable, Sendable {
        case sft, zeroShot, crossLingual, instruct

        var request: Cosyvoice_Request {
            var request = Cosyvoice_Request()
            switch self {
            case .sft:
                request.sftRequest = .with {
                    $0.spkID = "中文女"
                    $0.ttsText = InferenceStreamingTests.chineseText
                }
            case .zeroShot:
                request.zeroShotRequest = .with {
                    $0.ttsText = InferenceStreamingTests.chineseText
                    $0.promptText = "希望你以后能够做的比我还好呦。"
                    $0.promptAudio = fixturePromptPCM16
                }
            case .crossLingual:
                request.crossLingualRequest = .with {
                    $0.ttsText = "Hello there. This is a test of cross lingual synthesis. It has three sentences."
                    $0.promptAudio = fixturePromptPCM16
                }
            case .instruct:
                request.instructRequest = .with {
                    $0.ttsText = InferenceStreamingTests.chineseText
                    $0.spkID = "中文男"
                    $0.instructText = "用很慢的语速说"
                }
            }
            return request
        }
    }

    @Test(arguments: Mode.allCases)
    func modeStreamsPlausibleAudioWithItsSampleRate(mode: Mode) async throws {
        try await TestServer.with(gated: true) { server in
            let result = try await server.withClient { client in
                try await client.inference(mode.request) { response in
                    var result = CallResult(metadata: response.metadata, messages: [])
                    var messages = response.messages.makeAsyncIterator()
                    let first = try await messages.next()
                    // The last sentence waits for the gate, so this message left while synthesis still held its slot.
                    #expect(first != nil)
                    #expect(server.synthesis.scheduler.admittedCount == 1)
                    result.messages.append(first?.ttsAudio ?? Data())
                    server.engine.open()
                    while let message = try await messages.next() { result.messages.append(message.ttsAudio) }
                    return result
                }
            }
            #expect(result.sampleRate == server.engine.espeak.sampleRate)
            #expect(result.messages.count > 1, "a three-sentence text comes in more than one message")
            #expect(result.messages.allSatisfy { !$0.isEmpty && $0.count % 2 == 0 })
            #expect(server.engine.heldSegmentsStarted == 1)
            // The same text through the engine alone, as long as what the call delivered.
            var direct = try SynthesisRequest(mode.request)
            direct.sampleRate = result.sampleRate
            let bare = try await server.synthesis.start(direct)
            var seconds = 0.0
            for try await chunk in bare { seconds += chunk.duration }
            #expect(abs(result.duration - seconds) < 0.25, "\(result.duration) s by gRPC, \(seconds) s synthesised directly")
        }
    }

    @Test func instructCallsReportTheirControls() async throws {
        try await TestServer.with { server in
            let result = try await server.withClient { try await $0.collect(Mode.instruct.request) }
            let controls = try #require(result.metadata[stringValues: CosyVoiceMetadata.instructControls].first(where: { _ in true }))
            let json = try JSONSerialization.jsonObject(with: Data(controls.utf8)) as? [String: Any]
            #expect(json?["rate"] as? Double ?? 1 < 1, "用很慢的语速说 asks for a slow rate: \(controls)")
        }
    }

    @Test func sftCallsCarryNoInstructControls() async throws {
        try await TestServer.with { server in
            let result = try await server.withClient { try await $0.collect(Mode.sft.request) }
            #expect(Array(result.metadata[stringValues: CosyVoiceMetadata.instructControls]).isEmpty)
        }
    }
}
