import CosyVoiceTesting
import Foundation
import Testing

@Suite("GET /web serves the page's own files with their content types, and nothing else")
struct WebPageServingTests {
    @Test("the page and its assets come with their content types and no API key")
    func servesThePage() async throws {
        try await TestServer.run(configure: { $0.apiKeys = ["the-key"] }) { server in
            let page = try await server.send(.GET, "/web")
            #expect(page.status == 200)
            #expect(page.header("Content-Type") == "text/html; charset=utf-8")
            #expect(page.header("Content-Security-Policy")?.contains("default-src 'self'") == true)
            let html = String(decoding: page.body, as: UTF8.self)
            #expect(html.contains("<title>"))
            // Everything it loads is served from here: no CDN.
            #expect(!html.contains("http://") && !html.contains("https://"))
            #expect(try await server.send(.GET, "/web/").body == page.body)
            for (path, type) in [("/web/app.js", "text/javascript; charset=utf-8"), ("/web/player.js", "text/javascript; charset=utf-8"),
                                 ("/web/style.css", "text/css; charset=utf-8"), ("/web/index.html", "text/html; charset=utf-8")] {
                let reply = try await server.send(.GET, path)
                #expect(reply.status == 200, "\(path)")
                #expect(reply.header("Content-Type") == type, "\(path)")
                #expect(!reply.body.isEmpty)
            }
            // The API behind it still needs the key.
            #expect(try await server.send(.GET, "/speakers").status == 401)
        }
    }

    @Test("paths outside the page's folder, encoded or not, are 404 in the error table's shape",
          arguments: ["/web/../Package.swift", "/web/%2e%2e/Package.swift", "/web/%2E%2E%2FPackage.swift", "/web/..%2fPackage.swift",
                      "/web/..%5cPackage.swift", "/web/%252e%252e%252fPackage.swift", "/web/../../../../etc/passwd",
                      "/web/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/web//etc/passwd", "/web/./app.js/../../Package.swift",
                      "/web/WebPage.swift", "/web/nothing.js", "/web/app.js%00.html"])
    func refusesTraversal(_ target: String) async throws {
        try await TestServer.run { server in
            let reply = try await RawExchange.send(port: server.port, target, method: "GET")
            #expect(reply.status == 404)
            #expect(reply.isErrorDocument)
            #expect(!String(decoding: reply.body, as: UTF8.self).contains("PackageDescription"))
            #expect(!String(decoding: reply.body, as: UTF8.self).contains("root:"))
        }
    }
}
