import AudioIO
import Engines
import Foundation
import GRPCAPI
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import Operations
import Server
import Synchronization
import Synthesis
import TextFrontend

/// espeak-ng, except that a segment holding one of ``heldPhrases`` waits until the test opens the gate. Time
/// is the one thing these tests must control: with the gate, "the first message arrives before synthesis
/// ends" and "a cancelled call stops the engine" are orderings, not races. Test texts end in a held phrase;
/// other syntheses (the service's voice calibration) run freely. Like every engine, a waiting segment stops
/// when its task is cancelled.
final class GatedEngine: SpeechEngine {
    let espeak: EspeakEngine
    var name: String { espeak.name }
    var capabilities: EngineCapabilities { espeak.capabilities }
    private let state = Mutex<(open: Bool, started: Int, waiters: [UUID: CheckedContinuation<Void, Never>])>((false, 0, [:]))

    init(espeak: EspeakEngine) { self.espeak = espeak }

    /// Phrases that only the test texts contain, each in their last sentence.
    static let heldPhrases = ["怎么样", "three sentences", "第六句话"]

    /// Segments with a held phrase the service has asked for so far.
    var heldSegmentsStarted: Int { state.withLock { $0.started } }

    /// Lets every waiting and future segment run.
    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [:] }
            return state.waiters.values
        }
        for waiter in waiters { waiter.resume() }
    }

    func synthesize(_ segment: Segment, voice: Voice, controls: VoiceControls) -> AsyncThrowingStream<AudioChunk, any Error> {
        let isHeld = Self.heldPhrases.contains { segment.text.contains($0) }
        if isHeld { state.withLock { $0.started += 1 } }
        let espeak = self.espeak
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    if isHeld { try await self.waitForGate() }
                    for try await chunk in espeak.synthesize(segment, voice: voice, controls: controls) {
                        continuation.yield(chunk)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func waitForGate() async throws {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let runNow = state.withLock { state in
                    if state.open || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if runNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
        try Task.checkCancellation()
    }
}

/// A real synthesis service and gRPC server on an ephemeral port, torn down when `body` returns.
struct TestServer {
    let synthesis: SynthesisService
    let engine: GatedEngine
    let port: Int

    /// Starts the service behind ``GRPCServerService`` and runs `body` against it.
    /// - Parameters:
    ///   - gated: when false the gate starts open and the engine runs freely.
    ///   - apiKeys, metrics, serving, limits: as `serve` would pass them; defaults are authentication off, no
    ///     metrics, serving, default limits.
    static func with<Result: Sendable>(
        maxConcurrentCalls: Int = 4,
        gated: Bool = false,
        apiKeys: [String] = [],
        metrics: ServerMetrics? = nil,
        serving: ServingState = ServingState(),
        limits: Limits = Limits(),
        _ body: (TestServer) async throws -> Result
    ) async throws -> Result {
        let engine = GatedEngine(espeak: try EspeakEngine())
        if !gated { engine.open() }
        let synthesis = try makeService(engine: engine, limits: limits)
        let service = GRPCServerService(service: synthesis, host: "127.0.0.1", port: 0,
                                        maxConcurrentCalls: maxConcurrentCalls, logger: Logger(label: "grpc-tests", factory: { _ in SwiftLogNoOpLogHandler() }),
                                        apiKeys: APIKeys(apiKeys), metrics: metrics, serving: serving)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run() }
            defer {
                service.server.beginGracefulShutdown()
                group.cancelAll()
            }
            let server = TestServer(synthesis: synthesis, engine: engine, port: try await service.boundPort())
            return try await body(server)
        }
    }

    static func makeService(engine: GatedEngine, limits: Limits = Limits()) throws -> SynthesisService {
        let voices = Language.allCases.flatMap { language in Gender.allCases.map { engine.espeak.voice(for: language, gender: $0) } }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("grpc-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteSpeakerStore(path: directory.appendingPathComponent("speakers.sqlite").path)
        return SynthesisService(catalog: VoiceCatalog(engines: [engine], voices: voices), store: store, limits: limits,
                                scheduler: Scheduler(maxActive: 4, maxQueued: 4))
    }

    /// Runs `body` with a grpc-swift-2 client of the CosyVoice service connected to this server.
    func withClient<Result: Sendable>(
        _ body: (Cosyvoice_CosyVoice.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        try await withRawClient { try await body(Cosyvoice_CosyVoice.Client(wrapping: $0)) }
    }

    /// Runs `body` with a client of the standard health service connected to this server.
    func withHealthClient<Result: Sendable>(
        _ body: (Grpc_Health_V1_Health.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        try await withRawClient { try await body(Grpc_Health_V1_Health.Client(wrapping: $0)) }
    }

    /// Runs `body` with a plain grpc-swift-2 client connected to this server.
    func withRawClient<Result: Sendable>(_ body: (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> Result) async throws -> Result {
        try await withGRPCClient(
            transport: .http2NIOPosix(target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext),
            handleClient: body
        )
    }

    /// Polls `condition` every 20 ms, at most `attempts` times; true as soon as it holds.
    static func eventually(attempts: Int = 500, _ condition: () -> Bool) async -> Bool {
        for _ in 0..<attempts {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}

/// What one call returned: the initial metadata and every `tts_audio`.
struct CallResult: Sendable {
    var metadata: Metadata
    var messages: [Data]

    var sampleRate: Int? { metadata[stringValues: CosyVoiceMetadata.sampleRate].first(where: { _ in true }).flatMap(Int.init) }
    var pcm: Data { messages.reduce(into: Data()) { $0.append($1) } }
    /// Seconds of int16 mono audio at the reported rate.
    var duration: Double { Double(pcm.count / 2) / Double(sampleRate ?? 1) }
}

extension Cosyvoice_CosyVoice.Client where Transport == HTTP2ClientTransport.Posix {
    /// Runs a call to its end and returns what arrived.
    func collect(_ request: Cosyvoice_Request) async throws -> CallResult {
        try await inference(request) { response in
            var result = CallResult(metadata: response.metadata, messages: [])
            for try await message in response.messages { result.messages.append(message.ttsAudio) }
            return result
        }
    }

    /// The status code a call ends with, and how many messages arrived before it.
    func failure(_ request: Cosyvoice_Request) async -> (code: RPCError.Code?, messages: Int) {
        let messages = Mutex(0)
        do {
            _ = try await inference(request) { response in
                for try await _ in response.messages { messages.withLock { $0 += 1 } }
            }
            return (nil, messages.withLock { $0 })
        } catch let error as RPCError {
            return (error.code, messages.withLock { $0 })
        } catch {
            return (nil, messages.withLock { $0 })
        }
    }
}

/// The shared prompt recording (3.5 s, Mandarin, female) as gRPC `prompt_audio`: raw int16 LE at 16 kHz.
let fixturePromptPCM16: Data = {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let wav = try! Data(contentsOf: repository.appendingPathComponent("../shared/fixtures/zero_shot_prompt.wav"))
    let decoded = try! AudioDecoder.decode(wav)
    return PCM16Encoder.pcm16(Resampler.resample(decoded, to: 16000).samples)
}()

/// `seconds` of a quiet 220 Hz tone as raw int16 LE at 16 kHz.
func tonePCM16(seconds: Double) -> Data {
    let count = Int(seconds * 16000)
    return PCM16Encoder.pcm16((0..<count).map { 0.3 * sin(2 * Float.pi * 220 * Float($0) / 16000) })
}
