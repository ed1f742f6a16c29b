import Foundation

/// Debian's Chromium driven headless through chromedriver, for tests of the web page in a real browser:
/// chromedriver runs as a child process on a free loopback port, one session is opened with a fake microphone
/// and autoplay allowed, and both are stopped at the end, whether the test passed or not.
public enum HeadlessChromium {
    /// Chromium or chromedriver is not installed.
    public struct Missing: Error, CustomStringConvertible {
        public var program: String
        public var description: String {
            "\(program) is not installed: the web page is tested in headless Chromium (Debian packages chromium and chromium-driver; `scripts/setup` installs them)"
        }
    }

    static let chromium = "/usr/bin/chromium"
    static let chromedriver = "/usr/bin/chromedriver"

    /// Flags for a headless browser in a container, with a fake microphone granted without asking and audio
    /// that may start without a click.
    static let arguments = [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--autoplay-policy=no-user-gesture-required",
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        "--window-size=1280,1000",
    ]

    /// Starts chromedriver and a session, runs `body` with the session, then ends the session (closing
    /// Chromium) and stops chromedriver.
    public static func run<Result: Sendable>(_ body: (WebDriverSession) async throws -> Result) async throws -> Result {
        for program in [chromium, chromedriver] where !FileManager.default.isExecutableFile(atPath: program) {
            throw Missing(program: program)
        }
        let port = try LoopbackSocket.freePort()
        let log = RunningServer.temporaryDirectory().appendingPathExtension("chromedriver.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: log)
        defer { try? logHandle.close() }
        let driver = Process()
        driver.executableURL = URL(fileURLWithPath: chromedriver)
        driver.arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1"]
        driver.standardInput = FileHandle.nullDevice
        driver.standardOutput = logHandle
        driver.standardError = logHandle
        let exited = AsyncStream<Void>.makeStream()
        driver.terminationHandler = { _ in exited.continuation.yield(); exited.continuation.finish() }
        try driver.run()

        let driverURL = "http://127.0.0.1:\(port)"
        var session: WebDriverSession?
        do {
            try await waitForDriver(driverURL, log: log)
            session = try await WebDriverSession.create(driverURL: driverURL, capabilities: [
                "browserName": "chrome",
                "goog:chromeOptions": ["binary": chromium, "args": arguments],
                "goog:loggingPrefs": ["browser": "ALL"],
                "unhandledPromptBehavior": "ignore",
            ])
            let result = try await body(session!)
            try await stop(session, driver, exited.stream)
            return result
        } catch {
            try? await stop(session, driver, exited.stream)
            throw error
        }
    }

    /// Waits until chromedriver answers `/status` as ready (at most 30 s).
    private static func waitForDriver(_ driverURL: String, log: URL) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let status = try? await WebDriverSession.command(driverURL, .GET, "/status", nil) as? [String: Any],
               status["ready"] as? Bool == true {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        throw WebDriverSession.CommandFailed(command: "GET /status", status: 0, error: "chromedriver did not start", message: output)
    }

    /// Ends the session, then stops chromedriver and waits (at most 10 s) for it to exit.
    private static func stop(_ session: WebDriverSession?, _ driver: Process, _ exited: AsyncStream<Void>) async throws {
        defer { if driver.isRunning { driver.terminate() } }
        try await session?.delete()
        if driver.isRunning { driver.terminate() }
        let waited = Task {
            var iterator = exited.makeAsyncIterator()
            _ = await iterator.next()
        }
        let timeout = Task {
            try await Task.sleep(for: .seconds(10))
            if driver.isRunning { kill(driver.processIdentifier, SIGKILL) }
        }
        await waited.value
        timeout.cancel()
    }
}
