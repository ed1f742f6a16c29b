import AudioIO
import CosyVoiceTesting
import Engines
import Foundation
import GRPCAPI
import GRPCCore
import Synthesis
import Testing
import TextFrontend

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
            #expect(server.synthesis.scheduler.admittedCount == 0)
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

@Suite("gRPC: a full scheduler and internal failures")
struct CallRefusalTests {
    @Test("with every job running and no queue, a new call ends RESOURCE_EXHAUSTED at once, with no audio")
    func fullSchedulerIsResourceExhausted() async throws {
        try await TestServer.with(gated: true, scheduler: Scheduler(engineSlots: 1, maxQueued: 0)) { server in
            try await server.withClient { client in
                // Held at the gate: it keeps the one admission place.
                let held = Task { await client.failure(StatusTests.sft("第一句话。第二句话。第六句话。")) }
                #expect(await TestServer.eventually { server.synthesis.scheduler.admittedCount == 1 })
                let refused = await client.failure(StatusTests.sft("你好。"))
                #expect(refused.code == .resourceExhausted)
                #expect(refused.messages == 0)
                server.engine.open()
                #expect(await held.value.code == nil)
            }
        }
    }

    @Test("a call waiting for the engine slot shows in the queue depth, and both count as active jobs")
    func queueDepth() async throws {
        try await TestServer.with(gated: true, scheduler: Scheduler(engineSlots: 1, maxQueued: 2, firstSegmentReserve: 0)) { server in
            #expect(try await server.running.metric("cosyvoice_queue_depth") == 0)
            try await server.withClient { client in
                // The first call's segment waits at the gate holding the only slot; the second waits for the slot.
                let held = Task { await client.failure(StatusTests.sft("第六句话。")) }
                #expect(await TestServer.eventually { server.engine.heldSegmentsStarted == 1 })
                let waiting = Task { await client.failure(StatusTests.sft("你好。")) }
                #expect(await TestServer.eventually { server.synthesis.scheduler.queuedCount == 1 })
                let (depth, active) = (try await server.running.metric("cosyvoice_queue_depth"),
                                       try await server.running.metric("cosyvoice_active_jobs"))
                #expect(depth == 1)
                #expect(active == 2)
                server.engine.open()
                let (first, second) = (await held.value, await waiting.value)
                #expect(first.code == nil && second.code == nil)
            }
            #expect(try await server.running.metric("cosyvoice_queue_depth") == 0)
        }
    }

    @Test("an engine failure ends the call INTERNAL, saying nothing of its cause")
    func internalFailureLeaksNothing() async throws {
        let engine = FailingEngine()
        let catalog = VoiceCatalog(engines: [engine], voices: [engine.voice], assignments: ["英文男": engine.voice.id])
        let store = try SQLiteSpeakerStore(path: RunningServer.temporaryDirectory().path + ".sqlite")
        let service = SynthesisService(catalog: catalog, store: store, scheduler: Scheduler(engineSlots: 1, maxQueued: 1))
        try await RunningServer.run(service: service) { server in
            try await server.withClient { client in
                do {
                    _ = try await client.collect(StatusTests.sft("Hello there.", speaker: "英文男"))
                    Issue.record("expected INTERNAL")
                } catch let error as RPCError {
                    #expect(error.code == .internalError)
                    #expect(error.message == "internal error")
                }
            }
        }
    }
}

/// An engine whose every segment fails with a message that must stay in the server's log.
struct FailingEngine: SpeechEngine {
    let name: EngineName = "failing"
    let capabilities = EngineCapabilities(nativeRate: true, nativePitchRange: nil, deterministic: true)
    let voice = Voice(engine: "failing", name: "failing-en", language: .english, gender: .male, sampleRate: 22050, typicalF0: 100)

    func synthesize(_ segment: Segment, voice: Voice, controls: VoiceControls) -> AsyncThrowingStream<AudioChunk, any Error> {
        AsyncThrowingStream { $0.finish(throwing: EngineError.synthesisFailed("sherpa-onnx returned no audio for /secret/model.onnx")) }
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
                    #expect(server.synthesis.scheduler.admittedCount == 1)
                    // Returning from the handler before the stream ends cancels the call.
                }
            }
            // The gate never opens: only cancellation can end this synthesis and free its slot.
            #expect(await TestServer.eventually { server.synthesis.scheduler.admittedCount == 0 })
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
            #expect(await TestServer.eventually { server.synthesis.scheduler.admittedCount == 0 })
        }
    }
}
