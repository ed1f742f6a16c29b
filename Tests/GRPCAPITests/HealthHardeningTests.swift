import CosyVoiceTesting
import Foundation
import GRPCAPI
import GRPCCore
import GRPCNIOTransportHTTP2
import Server
import Synchronization
import Testing

@Suite("gRPC health: never counted against --max-conc, and a Watch ends when its client goes away")
struct HealthHardeningTests {
    static let sft = Cosyvoice_Request.with { $0.sftRequest = .with { $0.spkID = "英文女"; $0.ttsText = "Hello there." } }
    static let watchRoute = "/grpc.health.v1.Health/Watch"

    /// Watch calls the server has finished, by the call metrics (a call is recorded when its stream ends).
    static func finishedWatches(_ prometheus: PrometheusMetrics) -> Double {
        MetricsText(prometheus.exposition()).sum("cosyvoice_requests_total", labelled: #"route="\#(watchRoute)""#)
    }

    /// Opens `count` Watch calls, runs `body` once each has received its first status, then abandons them all
    /// (the client cancels them).
    static func withOpenWatches(_ count: Int, health: Grpc_Health_V1_Health.Client<HTTP2ClientTransport.Posix>,
                                _ body: () async throws -> Void) async throws {
        let opened = WatchCount()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<count {
                group.addTask {
                    try await health.watch(.with { $0.service = "" }) { response in
                        for try await _ in response.messages {
                            opened.value.withLock { $0 += 1 }
                            // Holds the call open until the test abandons it.
                            try await Task.sleep(for: .seconds(3600))
                        }
                    }
                }
            }
            let allOpen = await TestServer.eventually { opened.value.withLock { $0 } == count }
            #expect(allOpen, "only \(opened.value.withLock { $0 }) of \(count) Watch calls were answered")
            if allOpen { try await body() }
            group.cancelAll()
            while (try? await group.next()) != nil {}
        }
    }

    @Test("a Watch whose client cancels ends on the server")
    func cancelledWatchEnds() async throws {
        try await TestServer.with { server in
            try await server.withHealthClient { health in
                try await Self.withOpenWatches(2, health: health) {
                    #expect(Self.finishedWatches(server.metrics) == 0)
                }
                #expect(await TestServer.eventually { Self.finishedWatches(server.metrics) == 2 },
                        "the server still runs \(2 - Int(Self.finishedWatches(server.metrics))) abandoned Watch calls")
            }
        }
    }

    @Test("with --max-conc 1, four open Watch calls leave Inference and Check working, during and after")
    func watchesTakeNoCallSlot() async throws {
        try await TestServer.with(maxConcurrentCalls: 1) { server in
            try await server.withRawClient { raw in
                let health = Grpc_Health_V1_Health.Client(wrapping: raw)
                let cosyvoice = Cosyvoice_CosyVoice.Client(wrapping: raw)
                try await Self.withOpenWatches(4, health: health) {
                    let audio = try await cosyvoice.collect(Self.sft)
                    #expect(audio.duration > 0.3)
                    let check = try await health.check(.with { $0.service = "" })
                    #expect(check.status == .serving)
                }
                #expect(try await cosyvoice.collect(Self.sft).duration > 0.3)
                #expect(try await health.check(.with { $0.service = "cosyvoice.CosyVoice" }).status == .serving)
            }
        }
    }

    @Test("while Inference calls fill --max-conc, Check still answers SERVING and another Inference is refused")
    func checkAnswersUnderFullLoad() async throws {
        try await TestServer.with(maxConcurrentCalls: 1, gated: true) { server in
            try await server.withRawClient { raw in
                let health = Grpc_Health_V1_Health.Client(wrapping: raw)
                let cosyvoice = Cosyvoice_CosyVoice.Client(wrapping: raw)
                // The held phrase keeps this call in flight until the gate opens.
                let request = Cosyvoice_Request.with { $0.sftRequest = .with { $0.spkID = "英文女"; $0.ttsText = "One. Two. And three sentences." } }
                async let call = cosyvoice.collect(request)
                #expect(await TestServer.eventually { server.engine.heldSegmentsStarted == 1 })
                #expect(await cosyvoice.failure(Self.sft).code == .resourceExhausted)
                let check = try await health.check(.with { $0.service = "" })
                #expect(check.status == .serving)
                server.engine.open()
                let held = try await call
                #expect(held.duration > 1)
                let after = try await cosyvoice.collect(Self.sft)
                #expect(after.duration > 0.3)
            }
        }
    }
}

/// Watch calls that have received their first status, counted from the calls' tasks.
final class WatchCount: Sendable {
    let value = Mutex(0)
}
