import AudioIO
import GRPCCore
import Operations
import Synthesis

/// The `cosyvoice.CosyVoice` gRPC service (api.md §5): decode the request, start it with the synthesis
/// service, then stream one `Response` of int16 LE PCM per encoded piece of audio.
///
/// Admission comes first, before the prompt is looked at; everything else that can fail before the first
/// audio runs in ``SynthesisService/start(_:admitted:)``, before the initial metadata is sent, so a refused or
/// failed request ends with its status and no audio. Errors carry their own status (``CallFailure``). The
/// sample rate travels as initial metadata (``CosyVoiceMetadata/sampleRate``).
public struct CosyVoiceService: Cosyvoice_CosyVoice.ServiceProtocol {
    let synthesis: SynthesisService
    /// The rate of the PCM sent: every gRPC client reads `tts_audio` as raw PCM (see ``RawPCMRate``).
    let rawPCMRate: RawPCMRate

    public init(synthesis: SynthesisService, rawPCMRate: RawPCMRate = .reference) {
        self.synthesis = synthesis
        self.rawPCMRate = rawPCMRate
    }

    public func inference(
        request: ServerRequest<Cosyvoice_Request>,
        context: ServerContext
    ) async throws -> StreamingServerResponse<Cosyvoice_Response> {
        let record = CallLog.currentRecord ?? RequestRecord(surface: .grpc)
        let permit = try synthesis.admit()
        var synthesisRequest = try SynthesisRequest(request.message)
        synthesisRequest.sampleRate = rawPCMRate.rate(requested: synthesisRequest.sampleRate)
        synthesisRequest.format = .pcm
        synthesisRequest.received = record.start
        record.note(synthesisRequest)
        let (synthesis, planned) = (self.synthesis, synthesisRequest)
        let stream = try await untilRPCCancelled(context.cancellation) { try await synthesis.start(planned, admitted: permit) }
        record.noteStreaming()

        var metadata: Metadata = [CosyVoiceMetadata.sampleRate: "\(stream.sampleRate)"]
        if let controls = stream.instruction {
            metadata.addString(controls.jsonString(), forKey: CosyVoiceMetadata.instructControls)
        }
        return StreamingServerResponse(metadata: metadata) { writer in
            try await untilRPCCancelled(context.cancellation) {
                // The writer's backpressure paces the engine.
                for try await pcm in stream.encoded(onAudio: { record.noteAudio(seconds: $0) }) {
                    try await writer.write(Cosyvoice_Response.with { $0.ttsAudio = pcm })
                    record.noteFirstByte()
                }
            }
            return [:]
        }
    }
}
