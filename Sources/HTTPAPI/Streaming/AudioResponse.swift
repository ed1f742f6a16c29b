import AudioIO
import Foundation
import HTTPTypes
import Hummingbird
import Synthesis

extension SynthesisService {
    /// Starts `request` — validated, planned and its first chunk synthesised, so that every refusal and every
    /// failure before the first audio gets its own status — then answers with a chunked body that encodes the
    /// audio chunk by chunk as the engine yields it.
    ///
    /// - Parameter permit: the request's admission, taken before its body was read.
    func audioResponse(_ request: SynthesisRequest, admitted permit: SchedulerPermit, shape: AudioResponseShape,
                       framing: AudioFraming = .raw, context: CosyVoiceRequestContext) async throws -> Response {
        var request = request
        request.format = shape.format
        request.received = context.record.start
        context.record.note(request)
        let stream = try await start(request, admitted: permit)
        context.record.noteStreaming()
        var headers = shape.headers
        headers[.contentType] = framing.contentType(audio: shape.mediaType)
        headers[.sampleRate] = String(stream.sampleRate)
        if let instruction = stream.instruction {
            headers[.instructControls] = instruction.jsonString()
        }
        let (channel, watch, record) = (context.channel, context.connectionWatch, context.record)
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await AudioBodyWriter(stream: stream, channel: channel, connectionWatch: watch, record: record, framing: framing)
                .write(to: &writer)
        })
    }
}
