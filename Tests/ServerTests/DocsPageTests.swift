import CosyVoiceTesting
import Foundation
import Testing

/// `/docs` in a real headless Chromium against the live server: Swagger UI renders every operation of
/// `/openapi.json` from files the server itself serves (nothing from elsewhere), without console errors, and
/// its "Try it out" reaches the server.
@Suite("The API docs page works offline in a real browser", .serialized)
struct DocsPageTests {
    @Test func everyOperationRendersFromLocalFilesAndTryItOutWorks() async throws {
        try await RunningServer.run { server in
            let origin = "http://127.0.0.1:\(server.port)"
            let document = try await server.send(.GET, "/openapi.json").json
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let operations = paths.values.reduce(0) { $0 + $1.count }
            let title = try #require((document["info"] as? [String: Any])?["title"] as? String)

            try await HeadlessChromium.run { browser in
                try await browser.navigate(to: origin + "/docs")
                let rendered = try await browser.waitUntil("return document.querySelectorAll('.opblock').length >= \(operations);", within: 60)
                let shown = try await browser.execute("return document.querySelectorAll('.opblock').length;") as? Int
                try #require(rendered, "Swagger UI rendered \(String(describing: shown)) of \(operations) operations")
                let heading = try await browser.execute("return document.querySelector('.info .title')?.textContent ?? '';") as? String ?? ""
                #expect(heading.contains(title))

                // Every file the page loaded came from this server.
                let resources = try await browser.execute("return performance.getEntriesByType('resource').map(e => e.name);") as? [String] ?? []
                #expect(!resources.isEmpty)
                #expect(resources.allSatisfy { $0.hasPrefix(origin + "/") }, "\(resources)")

                // "Try it out" on GET /health: the page sends the request and shows the server's answer.
                try await browser.execute("""
                    const block = [...document.querySelectorAll('.opblock-get')]
                        .find(b => (b.querySelector('.opblock-summary-path')?.dataset.path
                                  ?? b.querySelector('.opblock-summary-path')?.textContent.replace(/\\u200b/g, '').trim()) === '/health');
                    (block.querySelector('.opblock-summary-control') ?? block.querySelector('.opblock-summary')).click();
                    """)
                let opened = try await browser.waitUntil("return !!document.querySelector('.opblock.is-open .try-out__btn');", within: 30)
                try #require(opened, "the /health operation did not open")
                try await browser.execute("document.querySelector('.opblock.is-open .try-out__btn').click();")
                let executable = try await browser.waitUntil("return !!document.querySelector('.opblock.is-open .execute');", within: 30)
                try #require(executable)
                try await browser.execute("document.querySelector('.opblock.is-open .execute').click();")
                let answered = try await browser.waitUntil("""
                    return [...document.querySelectorAll('.opblock.is-open .live-responses-table .response-col_status')]
                        .some(cell => cell.textContent.trim().startsWith('200'));
                    """, within: 30)
                #expect(answered, "Try it out did not show the server's 200")

                let severe = try await browser.browserLog().filter { $0.hasPrefix("SEVERE") }
                #expect(severe.isEmpty, "console errors: \(severe)")
            }
        }
    }
}
