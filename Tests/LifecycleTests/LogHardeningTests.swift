import CosyVoiceTesting
import Foundation
import Testing

@Suite("Logs cannot be forged: client strings are escaped in server.log and on standard error")
struct LogHardeningTests {
    static let forgery = "x\n2026-01-01T00:00:00Z info forged: x"

    /// The lines of `text` that mention `marker`.
    static func lines(_ text: String, mentioning marker: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.contains(marker) }
    }

    @Test("a spk_id with a newline leaves one escaped log line for its request, in the file and on standard error")
    func newlineCannotStartALine() async throws {
        let directory = TestDirectory.fresh("lifecycle")
        let server = try await ServerProcess.start(dataDirectory: directory)
        defer { server.process.terminate() }
        let reply = try await server.post("/tts/pcm", json: ["tts_text": "Hello.", "spk_id": Self.forgery])
        #expect(reply.status == .badRequest || reply.status == .notFound)
        let others = try await server.post("/tts/pcm", json: ["tts_text": "Hello.", "spk_id": "y\r\u{1B}[2J\u{2028}\u{85}\u{202E}more"])
        #expect(others.status == .badRequest || others.status == .notFound)
        // The server still serves.
        let fine = try await server.post("/tts/pcm", json: ["tts_text": "Hello.", "spk_id": "英文女"])
        #expect(fine.status == .ok)

        let file = directory.appendingPathComponent("logs/server.log")
        var logged = ""
        for _ in 0..<100 {
            logged = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            if logged.contains("more") && server.output.contains("more") { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        for (name, text) in [("server.log", logged), ("standard error", server.output)] {
            let forged = Self.lines(text, mentioning: "forged")
            #expect(forged.count == 1, "\(name): \(forged)")
            #expect(forged.first?.contains(#"x\n2026-01-01T00:00:00Z info forged: x"#) == true, "\(name): \(forged)")
            #expect(!text.contains("\n2026-01-01T00:00:00Z info forged"), "\(name)")
            let other = Self.lines(text, mentioning: "more")
            #expect(other.count == 1, "\(name): \(other)")
            #expect(other.first?.contains(#"y\r\u{1b}[2J\u{2028}\u{85}\u{202e}more"#) == true, "\(name): \(other)")
            for raw: Unicode.Scalar in ["\r", "\u{1B}", "\u{2028}", "\u{85}", "\u{202E}"] {
                #expect(!text.unicodeScalars.contains(raw), "\(name) holds a raw U+\(String(raw.value, radix: 16))")
            }
        }
    }
}
