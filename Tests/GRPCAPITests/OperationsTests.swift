import CosyVoiceTesting
import Foundation
import GRPCAPI
import GRPCCore
import GRPCNIOTransportHTTP2
import Operations
import Server
import Synthesis
import Testing

@Suite("gRPC operations: API keys, health, draining, metrics, limits")
struct OperationsTests {
    static let keys = ["alpha-key-1", "beta-key-22"]
    static let sft = Cosyvoice_Request.with { $0.sftRequest = .with { $0.spkID = "英文女"; $0.ttsText = "Hello there." } }

    /// Runs an sft call with `authorization` set to `value` (none when nil) and returns its result or code.
    static func call(_ server: TestServer, authorization: String?) async throws -> Result<CallResult, RPCError> {
        try await server.withClient { client in
            var metadata: Metadata = [:]
            if let authorization { metadata.addString(authorization, forKey: "authorization") }
            do {
                let result = try await client.inference(Self.sft, metadata: metadata) { response in
                    var result = CallResult(metadata: response.metadata, messages: [])
                    for try await message in response.messages { result.messages.append(message.ttsAudio) }
                    return result
                }
                return .success(result)
            } catch let error as RPCError {
                return .failure(error)
            }
        }
    }

    @Test("with keys set, a call without or with a wrong key ends UNAUTHENTICATED; each key works")
    func apiKeys() async throws {
        try await TestServer.with(apiKeys: Self.keys) { server in
            for authorization in [nil, "Bearer wrong", "alpha-key-1", "Bearer alpha-key-"] {
                guard case .failure(let error) = try await Self.call(server, authorization: authorization) else {
                    Issue.record("call with authorization \(authorization ?? "none") succeeded")
                    continue
                }
                #expect(error.code == .unauthenticated)
            }
            for key in Self.keys {
                let result = try await Self.call(server, authorization: "Bearer \(key)").get()
                #expect(result.duration > 0.3)
            }
        }
    }

    @Test("the health service answers without a key: SERVING, then NOT_SERVING and UNAVAILABLE calls while draining")
    func healthAndDraining() async throws {
        let serving = ServingState()
        try await TestServer.with(apiKeys: Self.keys, serving: serving) { server in
            try await server.withHealthClient { health in
                #expect(try await health.check(.with { $0.service = "" }).status == .serving)
                #expect(try await health.check(.with { $0.service = "cosyvoice.CosyVoice" }).status == .serving)
                var unknown = Grpc_Health_V1_HealthCheckRequest()
                unknown.service = "no.such.Service"
                do {
                    let response = try await health.check(unknown)
                    Issue.record("unknown service answered \(response.status)")
                } catch let error as RPCError {
                    #expect(error.code == .notFound)
                }
                serving.beginDraining()
                #expect(try await health.check(.with { $0.service = "" }).status == .notServing)
            }
            guard case .failure(let error) = try await Self.call(server, authorization: "Bearer \(Self.keys[0])") else {
                Issue.record("a call was accepted while draining")
                return
            }
            #expect(error.code == .unavailable)
        }
    }

    @Test("Watch sends the status, then NOT_SERVING and ends once the server drains")
    func watchEndsOnDrain() async throws {
        let serving = ServingState()
        try await TestServer.with(serving: serving) { server in
            try await server.withRawClient { raw in
                let health = Grpc_Health_V1_Health.Client(wrapping: raw)
                let statuses = try await health.watch(.with { $0.service = "" }) { response in
                    var statuses: [Grpc_Health_V1_HealthCheckResponse.ServingStatus] = []
                    for try await message in response.messages {
                        statuses.append(message.status)
                        if statuses.count == 1 { serving.beginDraining() }
                    }
                    return statuses
                }
                #expect(statuses == [.serving, .notServing])
            }
        }
    }

    @Test("calls are counted like HTTP requests: status, mode, audio seconds, first byte; refusals by code")
    func metrics() async throws {
        try await TestServer.with(apiKeys: Self.keys) { server in
            let result = try await Self.call(server, authorization: "Bearer \(Self.keys[1])").get()
            _ = try await Self.call(server, authorization: nil)
            let metrics = MetricsText(server.metrics.exposition())
            func value(_ series: String) -> Double? { metrics.value(series) }
            let route = "/cosyvoice.CosyVoice/Inference"
            #expect(value(#"cosyvoice_requests_total{surface="grpc",route="\#(route)",mode="sft",status="OK"}"#) == 1)
            #expect(value(#"cosyvoice_requests_total{surface="grpc",route="\#(route)",mode="none",status="UNAUTHENTICATED"}"#) == 1)
            #expect(abs((value(#"cosyvoice_audio_seconds_total{surface="grpc"}"#) ?? 0) - result.duration) < 0.01)
            #expect(value(#"cosyvoice_time_to_first_byte_seconds_count{surface="grpc",route="\#(route)"}"#) == 1)
            #expect(value(#"cosyvoice_real_time_factor_count{surface="grpc"}"#) == 1)
        }
    }

    @Test("a call still streaming at --request-timeout ends DEADLINE_EXCEEDED and its engine stops")
    func requestTimeout() async throws {
        var limits = Limits()
        limits.requestTimeout = 2
        try await TestServer.with(gated: true, limits: limits) { server in
            // The held phrase never runs: only the deadline can end this call.
            let request = Cosyvoice_Request.with { $0.sftRequest = .with { $0.spkID = "英文女"; $0.ttsText = "One. Two. And three sentences." } }
            let outcome = try await server.withClient { await $0.failure(request) }
            #expect(outcome.code == .deadlineExceeded)
            #expect(await TestServer.eventually { server.synthesis.scheduler.admittedCount == 0 })
            #expect(server.metrics.exposition().contains(#"cosyvoice_timed_out_total{surface="grpc"} 1"#))
        }
    }

    @Test("a message larger than --max-body-bytes is refused before the service sees it, and the server keeps serving")
    func messageSize() async throws {
        var limits = Limits()
        limits.maxBodyBytes = 16 * 1024
        try await TestServer.with(limits: limits) { server in
            let request = Cosyvoice_Request.with {
                $0.zeroShotRequest = .with { $0.ttsText = "Hello."; $0.promptText = "hi"; $0.promptAudio = tonePCM16(seconds: 1) }
            }
            // The transport refuses the oversized message itself: grpc-swift-nio-transport closes the stream
            // without a status (GRPCServerStreamHandler, forwardErrorAndClose), which a client reads as UNAVAILABLE.
            // No audio, and the server keeps serving.
            let outcome = try await server.withClient { await $0.failure(request) }
            #expect(outcome.code == .unavailable)
            #expect(outcome.messages == 0)
            let after = try await server.withClient { try await $0.collect(Self.sft) }
            #expect(after.duration > 0.3)
        }
    }
}
