import AudioIO
import CosyVoiceTesting
import Engines
import Foundation
import GRPCAPI
import GRPCCore
import GRPCNIOTransportHTTP2
import Operations
import Server
import Synthesis

/// The real server (``RunningServer``: both listeners, the binary's composition) over espeak-ng behind a
/// ``GatedEngine``, for tests that must control when synthesis proceeds.
struct TestServer {
    let running: RunningServer
    let engine: GatedEngine

    var synthesis: SynthesisService { running.service }
    /// The gRPC port.
    var port: Int { running.grpcPort }
    /// The registry `/metrics` shows; gRPC calls are counted into it.
    var metrics: PrometheusMetrics { running.server.metrics }

    /// Starts the server and runs `body` against it.
    /// - Parameters:
    ///   - gated: when false the gate starts open and the engine runs freely.
    ///   - maxConcurrentCalls, apiKeys, serving, limits: as `serve`'s flags would set them.
    static func with<Result: Sendable>(
        maxConcurrentCalls: Int = ServerConfiguration().maxConcurrentCalls,
        gated: Bool = false,
        apiKeys: [String] = [],
        serving: ServingState = ServingState(),
        limits: Limits = Limits(),
        scheduler: Scheduler = Scheduler(engineSlots: 4, maxQueued: 4),
        _ body: (TestServer) async throws -> Result
    ) async throws -> Result {
        let engine = GatedEngine(espeak: try EspeakEngine())
        if !gated { engine.open() }
        let service = try RunningServer.service(engines: [engine], voices: engine.voices, limits: limits, scheduler: scheduler)
        return try await RunningServer.run(configure: {
            $0.maxConcurrentCalls = maxConcurrentCalls
            $0.apiKeys = apiKeys
            $0.limits = limits
        }, service: service, serving: serving) { running in
            try await body(TestServer(running: running, engine: engine))
        }
    }

    func withClient<Result: Sendable>(
        _ body: (Cosyvoice_CosyVoice.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        try await running.withClient(body)
    }

    func withHealthClient<Result: Sendable>(
        _ body: (Grpc_Health_V1_Health.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        try await running.withHealthClient(body)
    }

    func withRawClient<Result: Sendable>(_ body: (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> Result) async throws -> Result {
        try await running.withRawClient(body)
    }

    /// Polls `condition` every 20 ms until it holds (``CosyVoiceTesting/eventually(within:_:)``).
    static func eventually(_ condition: () -> Bool) async -> Bool {
        await CosyVoiceTesting.eventually(condition)
    }
}

/// The shared prompt recording (3.5 s, Mandarin, female) as gRPC `prompt_audio`: raw int16 LE at 16 kHz.
var fixturePromptPCM16: Data { Fixtures.promptPCM16 }

/// `seconds` of a quiet 220 Hz tone as raw int16 LE at 16 kHz.
func tonePCM16(seconds: Double) -> Data {
    PCM16Encoder.pcm16(TestSignals.tone(220, seconds: seconds, amplitude: 0.3, sampleRate: PromptRules.rawPCMSampleRate).samples)
}
