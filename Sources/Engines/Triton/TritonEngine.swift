import AudioIO
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import Synchronization
import TextFrontend
import TritonProtocol

/// A CosyVoice deployment on Triton Inference Server, as a speech engine: each segment is one request on a
/// KServe v2 `ModelStreamInfer` stream, and the model's waveform responses come back as they arrive.
///
/// The engine clones: a segment with a reference sends the prompt audio (16 kHz FP32 with its length) and its
/// transcript, and the model speaks in that voice. It runs elsewhere, so it takes no local engine slot and
/// the synthesis service sends the next segment while the current one streams. What the deployments cannot
/// do (speed, rate and pitch-range instructions) the synthesis service refuses before any request is sent.
public final class TritonEngine: SpeechEngine {
    public let configuration: TritonBackendConfiguration
    public let name: EngineName
    public let capabilities = EngineCapabilities(nativeRate: false, nativePitchRange: nil, deterministic: false,
                                                 acceptsReferenceAudio: true, referenceSampleRate: TritonTensors.referenceSampleRate,
                                                 remote: true)
    public let metrics: BackendMetrics
    private let client: GRPCClient<HTTP2ClientTransport.Posix>
    private let inference: Inference_GRPCInferenceService.Client<HTTP2ClientTransport.Posix>
    private let connections: Task<Void, Never>
    private let open = Atomic(0)
    private let lastStatus = Mutex<(status: BackendStatus, at: ContinuousClock.Instant)?>(nil)
    private let logger: Logger

    /// How long a readiness answer is reused: `/ready` and request routing ask often, the backend is asked at
    /// most this often.
    static let statusLifetime: Duration = .seconds(1)
    /// Longest wait for the backend's readiness answers: the backend's own timeout, and never less than 5 s,
    /// so a busy backend (or a busy machine) answering slowly is not declared down and its requests refused.
    var probeTimeout: Duration { max(.seconds(5), .milliseconds(Int64(configuration.timeout * 1000))) }
    /// A 30 s prompt at 16 kHz FP32 is ≈ 1.9 MB; gRPC's default limit is 4 MiB.
    static let maxMessageBytes = 16 * 1024 * 1024

    public init(_ configuration: TritonBackendConfiguration, logger: Logger) throws {
        self.configuration = configuration
        name = EngineName("triton-\(configuration.name)")
        metrics = BackendMetrics(backend: configuration.name)
        self.logger = logger
        var config = HTTP2ClientTransport.Posix.Config.defaults
        // A backend that went away is tried again within a second of coming back.
        config.backoff.max = .seconds(1)
        let transport = try HTTP2ClientTransport.Posix(target: .dns(host: configuration.host, port: configuration.port),
                                                       transportSecurity: .plaintext, config: config)
        let client = GRPCClient(transport: transport)
        self.client = client
        inference = Inference_GRPCInferenceService.Client(wrapping: client)
        connections = Task { try? await client.runConnections() }
    }

    deinit {
        client.beginGracefulShutdown()
    }

    /// The voice this backend speaks `language` in (the CosyVoice models speak every language we read).
    public func voice(for language: Language) -> Voice {
        Voice(engine: name, name: configuration.model, language: language, gender: .female,
              sampleRate: TritonTensors.waveformSampleRate, typicalF0: 200)
    }

    // MARK: - Synthesis

    /// The model's built-in voice (cosyvoice2 has one cached speaker).
    public func synthesize(_ segment: Segment, voice: Voice, controls: VoiceControls) -> AsyncThrowingStream<AudioChunk, any Error> {
        stream(segment.text, reference: nil)
    }

    public func synthesize(_ segment: Segment, voice: Voice, controls: VoiceControls, reference: ReferencePrompt) -> AsyncThrowingStream<AudioChunk, any Error> {
        stream(segment.text, reference: reference)
    }

    /// The request runs in a task of its own; ending iteration cancels it, which cancels the Triton stream.
    private func stream(_ text: String, reference: ReferencePrompt?) -> AsyncThrowingStream<AudioChunk, any Error> {
        let (stream, continuation) = AsyncThrowingStream<AudioChunk, any Error>.makeStream()
        let task = Task {
            do {
                try await self.infer(text, reference: reference) { continuation.yield($0) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func infer(_ text: String, reference: ReferencePrompt?, onChunk: @escaping @Sendable (AudioChunk) -> Void) async throws {
        guard open.add(1, ordering: .relaxed).newValue <= configuration.maxInFlight else {
            open.subtract(1, ordering: .relaxed)
            metrics.failed(.busy)
            throw EngineError.backendBusy("backend \(configuration.name) has \(configuration.maxInFlight) requests in flight")
        }
        metrics.requestStarted()
        defer {
            open.subtract(1, ordering: .relaxed)
            metrics.requestEnded()
        }
        let id = UUID().uuidString
        let request = TritonTensors.request(id: id, model: configuration.model, text: text,
                                            reference: reference.map { (Self.samples16k($0.audio), $0.transcript ?? "") })
        let sent = ContinuousClock.now
        let progress = Progress(sent)
        let timeout = Duration.milliseconds(Int64(configuration.timeout * 1000))
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await self.run(request, id: id, sent: sent, progress: progress, onChunk: onChunk)
                }
                // The stall watchdog: no response within `timeout` of the request or of the last response.
                group.addTask {
                    while true {
                        try await Task.sleep(until: progress.last + timeout, clock: .continuous)
                        if progress.last + timeout <= .now { throw BackendTimeout() }
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch is BackendTimeout {
            metrics.failed(.timeout)
            throw EngineError.backendUnavailable("backend \(configuration.name) sent nothing for \(configuration.timeout.formatted()) s")
        } catch let error as EngineError {
            throw error
        } catch let error as RPCError where error.code == .cancelled && Task.isCancelled {
            throw CancellationError()
        } catch let error as RPCError {
            metrics.failed(.unreachable)
            logger.warning("backend request failed", metadata: ["backend": "\(configuration.name)", "error": "\(error)"])
            throw EngineError.backendUnavailable("backend \(configuration.name) (\(configuration.url)): \(error.code)")
        }
    }

    private func run(_ request: Inference_ModelInferRequest, id: String, sent: ContinuousClock.Instant, progress: Progress,
                     onChunk: @escaping @Sendable (AudioChunk) -> Void) async throws {
        let (name, metrics, logger) = (configuration.name, self.metrics, self.logger)
        var options = CallOptions.defaults
        options.waitForReady = false
        options.maxRequestMessageBytes = Self.maxMessageBytes
        options.maxResponseMessageBytes = Self.maxMessageBytes
        try await inference.modelStreamInfer(options: options, requestProducer: { writer in
            try await writer.write(request)
            // The stream stays open until the last response: closing our side early may end it.
            try? await Task.sleep(for: .seconds(86_400))
        }, onResponse: { response in
            var first = true
            for try await message in response.messages {
                if !message.errorMessage.isEmpty {
                    metrics.failed(.error)
                    logger.warning("backend error response", metadata: ["backend": "\(name)", "error": "\(message.errorMessage)"])
                    throw EngineError.synthesisFailed("backend \(name): \(message.errorMessage)")
                }
                let answer = message.inferResponse
                guard answer.id == id else { continue }
                progress.touch()
                guard let samples = TritonTensors.waveformSamples(of: answer) else {
                    metrics.failed(.malformed)
                    throw EngineError.synthesisFailed("backend \(name) answered without an FP32 waveform")
                }
                if !samples.isEmpty {
                    if first {
                        metrics.firstChunk(after: sent.duration(to: .now))
                        first = false
                    }
                    onChunk(AudioChunk(samples: samples, sampleRate: TritonTensors.waveformSampleRate))
                }
                if TritonTensors.isFinal(answer) { return }
            }
            metrics.failed(.error)
            throw EngineError.synthesisFailed("backend \(name) closed the stream before the request's final response")
        })
    }

    /// The reference at 16 kHz; the synthesis service normally hands it over at that rate already.
    private static func samples16k(_ audio: AudioChunk) -> [Float] {
        audio.sampleRate == TritonTensors.referenceSampleRate ? audio.samples
            : Resampler.resample(audio, to: TritonTensors.referenceSampleRate).samples
    }

    // MARK: - Readiness

    /// Whether the server is live and the model ready, asked at most once per ``statusLifetime``.
    public func status() async -> BackendStatus {
        if let cached = lastStatus.withLock({ $0 }), cached.at.duration(to: .now) < Self.statusLifetime { return cached.status }
        let reason = await probe()
        let status = BackendStatus(ready: reason == nil, reason: reason, url: configuration.url, model: configuration.model,
                                   fallback: configuration.fallback.rawValue)
        lastStatus.withLock { $0 = (status, .now) }
        return status
    }

    /// Nil when ready, else why not. The model must declare the CosyVoice tensors with their datatypes.
    private func probe() async -> String? {
        var options = CallOptions.defaults
        options.waitForReady = false
        options.timeout = probeTimeout
        do {
            var ready = Inference_ModelReadyRequest()
            ready.name = configuration.model
            guard try await inference.modelReady(ready, options: options).ready else {
                return "model \(configuration.model) is not ready"
            }
            var request = Inference_ModelMetadataRequest()
            request.name = configuration.model
            let metadata = try await inference.modelMetadata(request, options: options)
            for (input, datatype) in TritonTensors.requiredInputs.sorted(by: { $0.key < $1.key }) {
                guard metadata.inputs.contains(where: { $0.name == input && $0.datatype == datatype }) else {
                    return "model \(configuration.model) has no \(datatype) input \(input)"
                }
            }
            let output = TritonTensors.requiredOutput
            guard metadata.outputs.contains(where: { $0.name == output.name && $0.datatype == output.datatype }) else {
                return "model \(configuration.model) has no \(output.datatype) output \(output.name)"
            }
            return nil
        } catch let error as RPCError {
            return "\(configuration.url) unreachable: \(error.code)"
        } catch {
            return "\(configuration.url) unreachable: \(error)"
        }
    }
}

private struct BackendTimeout: Error {}

/// When the backend last answered, for the stall watchdog.
private final class Progress: Sendable {
    private let instant: Mutex<ContinuousClock.Instant>
    init(_ start: ContinuousClock.Instant) { instant = Mutex(start) }
    var last: ContinuousClock.Instant { instant.withLock { $0 } }
    func touch() { instant.withLock { $0 = .now } }
}
