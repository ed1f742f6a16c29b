import Hummingbird
import Synthesis

/// The "basic" form API (api.md §2): GET and POST on each route, fields from a URL-encoded or multipart body
/// or the query string (the reference client sends a GET with a multipart body), raw PCM back.
struct FormAPI {
    let service: SynthesisService
    /// The rate of the PCM sent when a request names no `sample_rate`.
    let rawPCMRate: RawPCMRate

    func register(on router: Router<CosyVoiceRequestContext>) {
        for model in SynthesisRequest.FormModel.allCases {
            let path = RouterPath("/\(model.rawValue)")
            let (service, rawPCMRate) = (self.service, self.rawPCMRate)
            let handler: @Sendable (Request, CosyVoiceRequestContext) async throws -> Response = { request, context in
                // Admission first: a full server refuses before reading the body.
                context.record.note(mode: model.modeName)
                let permit = try service.admit()
                var synthesis = try await SynthesisRequest(model, fields: context.bodyDeadline.fields(of: request, context: context))
                synthesis.sampleRate = rawPCMRate.rate(requested: synthesis.sampleRate)
                return try await service.audioResponse(synthesis, admitted: permit, shape: .octetStream, context: context)
            }
            router.get(path, use: handler)
            router.post(path, use: handler)
        }
    }
}
