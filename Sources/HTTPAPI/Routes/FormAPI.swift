import Hummingbird
import Synthesis

/// The "basic" form API (api.md §2): GET and POST on each route, fields from a URL-encoded or multipart body
/// or the query string (the reference client sends a GET with a multipart body), raw PCM back.
struct FormAPI {
    let service: SynthesisService

    func register(on router: Router<CosyVoiceRequestContext>) {
        for model in SynthesisRequest.FormModel.allCases {
            let path = RouterPath("/\(model.rawValue)")
            let handler: @Sendable (Request, CosyVoiceRequestContext) async throws -> Response = { request, context in
                let fields = try await RequestFields.decode(from: request, context: context)
                return try await service.audioResponse(SynthesisRequest(model, fields: fields), shape: .octetStream, context: context)
            }
            router.get(path, use: handler)
            router.post(path, use: handler)
        }
    }
}
