import Foundation
import Hummingbird
import Synthesis

/// `GET /openapi.json` (the OpenAPI document), `GET /docs` (Swagger UI over it) and `GET /docs/{asset}` (the
/// page's files, from disk). Registered after every other route: the document lists what the router holds.
struct APIDocsRoutes {
    let document: OpenAPIDocument
    let swaggerUI: SwaggerUI

    func register(on router: Router<CosyVoiceRequestContext>) {
        let swaggerUI = self.swaggerUI
        router.get(RouterPath(SwaggerUI.pagePath)) { _, _ in
            if let message = swaggerUI.missingFilesMessage { throw HTTPError(.serviceUnavailable, message: message) }
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: SwaggerUI.page)))
        }
        router.get(RouterPath(SwaggerUI.assetPath)) { _, context in
            guard let name = context.parameters.get("asset"), let file = swaggerUI.file(named: name) else {
                throw HTTPError(.notFound, message: "no such file")
            }
            if let message = swaggerUI.missingFilesMessage { throw HTTPError(.serviceUnavailable, message: message) }
            let bytes = try await DedicatedThread.run("cosyvoice.docs-asset") { try Data(contentsOf: file.url) }
            return Response(status: .ok, headers: [.contentType: file.mediaType, .cacheControl: "public, max-age=86400"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        let registered = Set(router.routes.map(\.description) + ["GET \(OpenAPIDocument.path)"])
        let body = ByteBuffer(bytes: document.data(registered: registered))
        router.get(RouterPath(OpenAPIDocument.path)) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: body))
        }
    }
}
