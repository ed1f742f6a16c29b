import CosyVoiceTesting
import Foundation
import GRPCAPI
import GRPCCore
import Testing

/// The number that once crashed the process, sent over gRPC: audio arrives and the server keeps serving.
@Suite("Text hardening over gRPC")
struct TextHardeningTests {
    static func sft(_ text: String, speaker: String) -> Cosyvoice_Request {
        .with { $0.sftRequest = .with { $0.spkID = speaker; $0.ttsText = text } }
    }

    @Test(arguments: ["中文女", "英文男"])
    func nineteenDigitOrdinalIsSpoken(speaker: String) async throws {
        try await TestServer.with { server in
            try await server.withClient { client in
                let hostile = try await client.collect(Self.sft("1000000000000000000th", speaker: speaker))
                #expect(hostile.duration > 0.3)
                let negative = try await client.collect(Self.sft("-9223372036854775808", speaker: speaker))
                #expect(negative.duration > 0.3)
                let normal = try await client.collect(Self.sft("你好。", speaker: speaker))
                #expect(normal.duration > 0.2)
            }
        }
    }

    @Test func zeroShotWithTheOrdinalAsPromptTextIsSpoken() async throws {
        try await TestServer.with { server in
            try await server.withClient { client in
                let request = Cosyvoice_Request.with {
                    $0.zeroShotRequest = .with {
                        $0.ttsText = "你好。"
                        $0.promptText = "1000000000000000000th"
                        $0.promptAudio = fixturePromptPCM16
                    }
                }
                let hostile = try await client.collect(request)
                #expect(hostile.duration > 0.2)
                let normal = try await client.collect(Self.sft("你好。", speaker: "中文女"))
                #expect(normal.duration > 0.2)
            }
        }
    }
}
