import Foundation
import Hummingbird

/// The browser page at `GET /web`: plain HTML, CSS and JavaScript bundled with this module (`Web/Page`), no
/// build step and nothing fetched from elsewhere. The files are read once into memory and served by exact
/// name, so a request can only ever reach a file of that folder: `..`, encoded or not, names no file and is a
/// 404 like any other unknown name. The page itself needs no API key (it holds no data); everything it asks
/// the API for does.
struct WebPage: Sendable {
    /// Files by their path below the page folder (`index.html`, `app.js`, …).
    let assets: [String: WebAsset]

    static let pathPrefix = "/web"
    /// The route of one file of the page, as the router and the OpenAPI document spell it.
    static let filePath = pathPrefix + "/{file}"
    static let indexName = "index.html"

    /// Whether a request path is one of the page's (those need no API key).
    static func serves(_ path: String) -> Bool {
        path == pathPrefix || path.hasPrefix(pathPrefix + "/")
    }

    /// The page bundled with this module, read once per process.
    static let bundled = WebPage(directory: Bundle.module.url(forResource: "Page", withExtension: nil))

    /// Reads every regular file below `directory` whose extension has a content type.
    init(directory: URL?) {
        var assets: [String: WebAsset] = [:]
        if let directory, let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) {
            let root = directory.resolvingSymlinksInPath().path + "/"
            for case let file as URL in files {
                guard (try? file.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
                      let type = WebAsset.contentTypes[file.pathExtension.lowercased()],
                      let bytes = try? Data(contentsOf: file) else { continue }
                let name = String(file.resolvingSymlinksInPath().path.dropFirst(root.count))
                assets[name] = WebAsset(bytes: bytes, contentType: type)
            }
        }
        self.assets = assets
    }

    /// Only the page's own origin, so nothing loads from a CDN even by mistake; blob: for recordings and the
    /// WAV download.
    static let contentSecurityPolicy = "default-src 'self'; media-src 'self' blob:; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"

    func register(on router: Router<CosyVoiceRequestContext>) {
        router.get(RouterPath(Self.pathPrefix)) { _, _ in try response(Self.indexName) }
        // One path component: the page's files sit in one folder, and a deeper path names none of them.
        router.get(RouterPath(Self.filePath)) { request, _ in
            let encoded = request.uri.path.dropFirst(Self.pathPrefix.count + 1)
            let name = String(encoded).removingPercentEncoding ?? ""
            return try response(name.isEmpty ? Self.indexName : name)
        }
    }

    private func response(_ name: String) throws -> Response {
        guard let asset = assets[name] else { throw HTTPError(.notFound) }
        return Response(status: .ok, headers: [
            .contentType: asset.contentType,
            .cacheControl: "no-cache",
            .contentSecurityPolicy: Self.contentSecurityPolicy,
            .xContentTypeOptions: "nosniff",
        ], body: ResponseBody(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }
}
