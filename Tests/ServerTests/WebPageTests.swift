import CosyVoiceTesting
import Foundation
import Testing

/// The page at `/web` in a real headless Chromium against the live server: it loads cleanly, plays a preset
/// and a zero-shot synthesis as they stream, clones the prompt as a speaker and deletes it again.
@Suite("The web page works in a real browser", .serialized)
struct WebPageTests {
    /// Clicks, then waits for the result panel to leave `requesting`/`playing`; fails with the page's status
    /// text when it ends anywhere but `done`.
    static func speak(_ browser: WebDriverSession) async throws -> (firstAudioMs: Double, seconds: Double) {
        try await browser.click(try await browser.element("#speak"))
        let finished = try await browser.waitUntil("""
            const state = document.getElementById('result').dataset.state;
            return state === 'done' || state === 'error' || state === 'stopped';
            """, within: 180)
        let outcome = try await browser.execute("""
            const result = document.getElementById('result');
            return [result.dataset.state, document.getElementById('status').textContent,
                    result.dataset.firstAudioMs || '', result.dataset.durationS || ''];
            """) as? [String] ?? []
        try #require(finished && outcome.first == "done", "synthesis did not finish: \(outcome)")
        return (Double(outcome[2]) ?? 0, Double(outcome[3]) ?? 0)
    }

    static func pageErrors(_ browser: WebDriverSession) async throws -> [String]? {
        try await browser.execute("return window.pageErrors === undefined ? null : window.pageErrors.map(String);") as? [String]
    }

    /// The page's status line.
    static func status(_ browser: WebDriverSession) async throws -> String {
        try await browser.execute("return document.getElementById('status').textContent;") as? String ?? ""
    }

    static func setValue(_ selector: String, _ value: String, in browser: WebDriverSession) async throws {
        try await browser.execute("""
            const element = document.querySelector(arguments[0]);
            element.value = arguments[1];
            element.dispatchEvent(new Event('change', { bubbles: true }));
            """, [selector, value])
    }

    @Test("load, preset and zero-shot synthesis, clone and delete, with no errors on the page")
    func wholePage() async throws {
        try await RunningServer.run { server in
            try await HeadlessChromium.run { browser in
                try await browser.navigate(to: "http://127.0.0.1:\(server.port)/web")
                let ready = try await browser.waitUntil("return document.body.dataset.ready === 'true';", within: 60)
                let loadStatus = try await Self.status(browser)
                try #require(ready, "the page did not load its speakers; status: \(loadStatus)")
                let errorsAtLoad = try await Self.pageErrors(browser)
                try #require(errorsAtLoad != nil, "the page's scripts did not run")
                #expect(errorsAtLoad == [])
                let options = try await browser.execute("return [...document.getElementById('speaker').options].map(o => o.value);") as? [String] ?? []
                #expect(options.contains("spk:中文女"))
                #expect(options.contains("voice:alloy"))

                // A preset speaker, streamed as PCM and played through WebAudio.
                try await Self.setValue("#speaker", "spk:英文男", in: browser)
                try await Self.setValue("#text", "Hello there. This sentence is spoken by the page as it arrives.", in: browser)
                let preset = try await Self.speak(browser)
                #expect(preset.firstAudioMs > 0)
                #expect(preset.seconds > 0.5)
                #expect(try await browser.execute("return !document.getElementById('download').hidden && document.getElementById('download').download;") as? String == "speech.wav")

                // Zero-shot with the fixture prompt chosen through the file input.
                try await browser.click(try await browser.element("input[name=mode][value=zero_shot]"))
                try await browser.type(Fixtures.promptURL.path, into: try await browser.element("#prompt-file"))
                try await Self.setValue("#prompt-text", Fixtures.promptText, in: browser)
                try await Self.setValue("#text", "今天天气很好，我们一起去公园散步吧。", in: browser)
                let zeroShot = try await Self.speak(browser)
                #expect(zeroShot.firstAudioMs > 0)
                #expect(zeroShot.seconds > 0.5)

                // The same prompt cloned as a named speaker, listed, then deleted through the page.
                let id = "网页克隆"
                try await Self.setValue("#clone-id", id, in: browser)
                try await browser.click(try await browser.element("#clone"))
                let listed = try await browser.waitUntil("return !!document.querySelector('#cloned tr[data-speaker=\"\(id)\"]');")
                let cloneStatus = try await Self.status(browser)
                try #require(listed, "the clone did not appear; status: \(cloneStatus)")
                #expect(try await server.service.store.profile(id) != nil)
                #expect((try await browser.execute("return [...document.getElementById('speaker').options].map(o => o.value);") as? [String] ?? []).contains("spk:\(id)"))

                try await browser.click(try await browser.element("#cloned tr[data-speaker=\"\(id)\"] button.delete"))
                try await Self.acceptConfirmation(browser)
                let removed = try await browser.waitUntil("return !document.querySelector('#cloned tr[data-speaker=\"\(id)\"]');")
                #expect(removed)
                #expect(try await server.service.store.profile(id) == nil)

                #expect(try await Self.pageErrors(browser) == [])
            }
        }
    }

    /// Accepts the page's confirmation dialog once it is open.
    static func acceptConfirmation(_ browser: WebDriverSession) async throws {
        for attempt in 1...50 {
            do {
                try await browser.acceptDialog()
                return
            } catch let failure as WebDriverSession.CommandFailed where failure.error == "no such alert" && attempt < 50 {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }
}
