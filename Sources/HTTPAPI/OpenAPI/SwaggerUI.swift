import Foundation

/// The interactive page for the OpenAPI document: Swagger UI (Apache-2.0), whose files `scripts/setup`
/// installs beside the voices. Only the files named in ``assets`` are ever read, so a request cannot reach
/// any other path on disk.
struct SwaggerUI: Sendable {
    static let pagePath = "/docs"
    /// The route of the page's files, `{asset}` being one of ``assets``' names.
    static let assetPath = "/docs/{asset}"
    /// Where `scripts/setup` installs the files (`--docs-assets-dir` moves it).
    static let defaultDirectory = URL(fileURLWithPath: "/usr/local/share/cosyvoice/swagger-ui")

    struct Asset: Sendable {
        var name: String
        var mediaType: String
    }

    /// Every file the page uses.
    static let assets = [
        Asset(name: "swagger-ui.css", mediaType: "text/css"),
        Asset(name: "swagger-ui-bundle.js", mediaType: "text/javascript"),
        Asset(name: "favicon-32x32.png", mediaType: "image/png"),
        Asset(name: "favicon-16x16.png", mediaType: "image/png"),
    ]

    /// Paths that never need an API key: a browser loads them before anyone can type a key into the page.
    static var openPaths: Set<String> {
        Set([OpenAPIDocument.path, pagePath] + assets.map { "\(pagePath)/\($0.name)" })
    }

    let directory: URL

    /// The files' locations, nil for a name that is not one of ``assets``.
    func file(named name: String) -> (url: URL, mediaType: String)? {
        Self.assets.first { $0.name == name }.map { (directory.appendingPathComponent($0.name), $0.mediaType) }
    }

    /// Why the page cannot be served, or nil when every file is there.
    var missingFilesMessage: String? {
        let missing = Self.assets.filter { !FileManager.default.isReadableFile(atPath: directory.appendingPathComponent($0.name).path) }
        guard !missing.isEmpty else { return nil }
        return "the API documentation page needs the Swagger UI files in \(directory.path) (missing: \(missing.map(\.name).joined(separator: ", "))); run scripts/setup to install them"
    }

    /// The page: local files only (paths relative to `/docs`, so a path prefix added by a proxy is kept), no
    /// request to any other host (the online validator is off).
    static let page = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>CosyVoice-compatible speech synthesis: API</title>
        <link rel="stylesheet" href="docs/swagger-ui.css">
        <link rel="icon" type="image/png" href="docs/favicon-32x32.png" sizes="32x32">
        <link rel="icon" type="image/png" href="docs/favicon-16x16.png" sizes="16x16">
        </head>
        <body>
        <div id="swagger-ui"></div>
        <script src="docs/swagger-ui-bundle.js"></script>
        <script>
        window.ui = SwaggerUIBundle({ url: "openapi.json", dom_id: "#swagger-ui", validatorUrl: null, deepLinking: true });
        </script>
        </body>
        </html>

        """
}
