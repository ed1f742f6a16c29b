import Foundation

/// One file of the web page, held in memory with the content type it is served with.
struct WebAsset: Sendable {
    var bytes: Data
    var contentType: String

    /// Content types by file extension; files of any other extension are not served.
    static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "svg": "image/svg+xml",
        "png": "image/png",
        "ico": "image/x-icon",
        "json": "application/json",
    ]
}
