import CosyVoiceTesting
import Foundation
import GRPCAPI
import GRPCCore
import Testing

@Suite("gRPC prompt audio over the limits is refused with the rule's message")
struct PromptAudioHardeningTests {
    @Test func aThirtyOneSecondRawPromptIsInvalidArgumentNamingTheMaximumAndTheNextCallWorks() async throws {
        try await TestServer.with { server in
            try await server.withClient { client in
                do {
                    let result = try await client.collect(StatusTests.zeroShot(prompt: tonePCM16(seconds: 31)))
                    Issue.record("expected INVALID_ARGUMENT, got \(result.messages.count) messages")
                } catch let error as RPCError {
                    #expect(error.code == .invalidArgument)
                    #expect(error.message.contains("prompt audio is 31 s long, longer than the maximum of 30 s"), "\(error.message)")
                }
                let normal = try await client.collect(StatusTests.zeroShot(prompt: fixturePromptPCM16))
                #expect(normal.duration > 0.3)
            }
            #expect(server.synthesis.scheduler.admittedCount == 0)
        }
    }
}
