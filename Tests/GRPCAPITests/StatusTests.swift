import Foundation
import GRPCAPI
import GRPCCore
import Testing

@Suite("Bad requests end with a status and no audio")
struct StatusTests {
    static func sft(_ text: String, speaker: String = "中文女") -> Cosyvoice_Request {
        .with { $0.sftRequest = .with { $0.spkID = speaker; $0.ttsText = text } }
    }

    static func zeroShot(prompt: Data) -> Cosyvoice_Request {
        .with {
            $0.zeroShotRequest = .with {
                $0.ttsText = "你好。"
                $0.promptText = "希望你以后能够做的比我还好呦。"
                $0.promptAudio = prompt
            }
        }
    }

    func status(_ request: Cosyvoice_Request) async throws -> (code: RPCError.Code?, messages: Int) {
        try await TestServer.with { server in
            let outcome = try await server.withClient { await $0.failure(request) }
            #expect(server.synthesis.scheduler.activeCount == 0)
            return outcome
        }
    }

    @Test func requestWithoutPayloadIsInvalidArgument() async throws {
        #expect(try await status(Cosyvoice_Request()) == (.invalidArgument, 0))
    }

    @Test func unknownSpeakerIsNotFound() async throws {
        #expect(try await status(Self.sft("你好。", speaker: "nobody")) == (.notFound, 0))
    }

    @Test func emptyTextIsInvalidArgument() async throws {
        #expect(try await status(Self.sft("  ")) == (.invalidArgument, 0))
    }

    @Test func oddLengthPromptIsInvalidArgument() async throws {
        #expect(try await status(Self.zeroShot(prompt: tonePCM16(seconds: 2) + Data([0]))) == (.invalidArgument, 0))
    }

    @Test func promptShorterThanHalfASecondIsInvalidArgument() async throws {
        #expect(try await status(Self.zeroShot(prompt: tonePCM16(seconds: 0.4))) == (.invalidArgument, 0))
    }

    @Test func promptLongerThanThirtySecondsIsInvalidArgument() async throws {
        #expect(try await status(Self.zeroShot(prompt: tonePCM16(seconds: 31))) == (.invalidArgument, 0))
    }

    @Test func theStatusMessageSaysWhichRuleFailed() async throws {
        try await TestServer.with { server in
            try await server.withClient { client in
                do {
                    _ = try await client.collect(Self.zeroShot(prompt: tonePCM16(seconds: 0.4)))
                    Issue.record("expected INVALID_ARGUMENT")
                } catch let error as RPCError {
                    #expect(error.message.contains("shorter than the minimum"), "\(error.message)")
                }
            }
        }
    }
}

@Suite("Call admission and cancellation")
struct CallLifecycleTests {
    static let longText = "第一句话。第二句话。第三句话。第四句话。第五句话。第六句话。"
    static let request = Cosyvoice_Request.with { $0.sftRequest = .with { $0.spkID = "中文女"; $0.ttsText = longText } }

    @Test func callBeyondMaxConcurrentCallsIsResourceExhausted() async throws {
        try await TestServer.with(maxConcurrentCalls: 1, gated: true) { server in
            try await server.withClient { client in
                try await client.inference(Self.request) { response in
                    var messages = response.messages.makeAsyncIterator()
                    // The first call is streaming and holds the only call slot while its next segment waits.
                    _ = try await messages.next()
                    #expect(await client.failure(Self.request) == (.resourceExhausted, 0))
                    server.engine.open()
                    while try await messages.next() != nil {}
                }
                // Its slot is free again once it ended.
                #expect(try await client.collect(Self.request).messages.count > 1)
            }
        }
    }

    @Test func clientCancellationStopsSynthesis() async throws {
        try await TestServer.with(gated: true) { server in
            try await server.withClient { client in
                try await client.inference(Self.request) { response in
                    var messages = response.messages.makeAsyncIterator()
                    _ = try await messages.next()
                    #expect(server.synthesis.scheduler.activeCount == 1)
                    // Returning from the handler before the stream ends cancels the call.
                }
            }
            // The gate never opens: only cancellation can end this synthesis and free its slot.
            #expect(await TestServer.eventually { server.synthesis.scheduler.activeCount == 0 })
        }
    }

    @Test func expiredDeadlineStopsSynthesis() async throws {
        try await TestServer.with(gated: true) { server in
            let code = try await server.withClient { client in
                var options = CallOptions.defaults
                options.timeout = .milliseconds(500)
                do {
                    try await client.inference(Self.request, options: options) { response in
                        for try await _ in response.messages {}
                    }
                    return RPCError.Code?.none
                } catch let error as RPCError {
                    return error.code
                }
            }
            #expect(code == .deadlineExceeded)
            #expect(await TestServer.eventually { server.synthesis.scheduler.activeCount == 0 })
        }
    }
}
