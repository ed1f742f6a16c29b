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
                       context: CosyVoiceRequestContext) async throws -> Response {
        context.record.note(request)
        let deadline = RequestDeadline(seconds: limits.requestTimeout, from: context.record.start)
        let stream = try await deadline.run { try await self.start(request, admitted: permit) }
        context.record.noteStreaming()
        var headers = shape.headers
        headers[.contentType] = shape.mediaType
        headers[.sampleRate] = String(shape.outputRate(for: stream.sampleRate))
        if let instruction = stream.instruction {
            headers[.instructControls] = instruction.jsonString()
        }
        let (channel, watch, record) = (context.channel, context.connectionWatch, context.record)
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await AudioBodyWriter(stream: stream, format: shape.format, channel: channel, connectionWatch: watch,
                                      record: record, deadline: deadline)
                .write(to: &writer)
        })
    }
}
