import AudioIO
import GRPCCore
import Logging
import Synthesis

/// The `cosyvoice.CosyVoice` gRPC service (api.md §5): decode the request, prepare it with the synthesis
/// service, then stream one `Response` of int16 LE PCM per synthesised chunk.
///
/// Every check runs in `start` — admission first, the first chunk synthesised last — before the initial
/// metadata is sent, so a refused or failed request ends with its status and no audio. The sample rate travels as initial metadata (``CosyVoiceMetadata/sampleRate``).
public struct CosyVoiceService: Cosyvoice_CosyVoice.ServiceProtocol {
    let synthesis: SynthesisService
    /// The rate of the PCM sent: every gRPC client reads `tts_audio` as raw PCM (see ``RawPCMRate``).
    let rawPCMRate: RawPCMRate
    let logger: Logger

    public init(synthesis: SynthesisService, rawPCMRate: RawPCMRate = .reference, logger: Logger = Logger(label: "cosyvoice.grpc")) {
        self.synthesis = synthesis
        self.rawPCMRate = rawPCMRate
        self.logger = logger
    }

    public func inference(
        request: ServerRequest<Cosyvoice_Request>,
        context: ServerContext
    ) async throws -> StreamingServerResponse<Cosyvoice_Response> {
        let record = CallRecord.current
        let deadline = RequestDeadline(seconds: synthesis.limits.requestTimeout, from: record?.start ?? .now)
        var synthesisRequest: SynthesisRequest
        let permit: SchedulerPermit
        do {
            // Admission first: a full server refuses before the prompt is looked at.
            permit = try synthesis.admit()
            synthesisRequest = try SynthesisRequest(request.message)
        } catch {
            record?.noteFailure(error)
            throw RPCError(error, logger: logger)
        }
        synthesisRequest.sampleRate = rawPCMRate.rate(requested: synthesisRequest.sampleRate)
        let planned = synthesisRequest
        record?.note(mode: planned.mode.name)
        let (synthesis, logger) = (self.synthesis, self.logger)
        let stream = try await untilRPCCancelled(context.cancellation, record: record, logger: logger) { () async throws -> SynthesisStream in
            try await deadline.run { try await synthesis.start(planned, admitted: permit) }
        }
        record?.noteStreaming()

        var metadata: Metadata = [CosyVoiceMetadata.sampleRate: "\(stream.sampleRate)"]
        if let controls = stream.instruction {
            metadata.addString(controls.jsonString(), forKey: CosyVoiceMetadata.instructControls)
        }
        return StreamingServerResponse(metadata: metadata) { writer in
            try await untilRPCCancelled(context.cancellation, record: record, logger: logger) {
                try await deadline.run { try await Self.write(stream, to: writer, record: record) }
            }
            return [:]
        }
    }

    /// Encodes each chunk as soon as the stream yields it; the writer's backpressure paces the engine.
    private static func write(_ stream: SynthesisStream, to writer: RPCWriter<Cosyvoice_Response>, record: CallRecord?) async throws {
        let encoder = PCM16Encoder(sampleRate: stream.sampleRate)
        for try await chunk in stream {
            let pcm = encoder.encode(chunk)
            if !pcm.isEmpty {
                try await writer.write(Cosyvoice_Response.with { $0.ttsAudio = pcm })
                record?.noteAudio(seconds: chunk.duration)
            }
        }
        let tail = encoder.finish()
        if !tail.isEmpty { try await writer.write(Cosyvoice_Response.with { $0.ttsAudio = tail }) }
    }
}

/// Runs `operation` in a child task that is cancelled when the RPC is: the transport signals a client's
/// cancellation or an expired deadline through `cancellation`, not through task cancellation, and the engine
/// stops only on task cancellation. Errors leave as statuses; the service's own are noted in `record`.
func untilRPCCancelled<Result: Sendable>(
    _ cancellation: ServerContext.RPCCancellationHandle,
    record: CallRecord? = nil,
    logger: Logger? = nil,
    _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask {
            do {
                return try await operation()
            } catch let error as SynthesisError {
                record?.noteFailure(error)
                throw RPCError(error, logger: logger)
            } catch is CancellationError {
                record?.noteFailure(.cancelled)
                throw RPCError(SynthesisError.cancelled)
            }
        }
        group.addTask {
            try await cancellation.cancelled
            record?.noteFailure(.cancelled)
            throw RPCError(SynthesisError.cancelled)
        }
        defer { group.cancelAll() }
        // The first child to finish decides: the operation's result, or the cancellation's error.
        guard let result = try await group.next(), let value = result else {
            throw RPCError(SynthesisError.cancelled)
        }
        return value
    }
}
