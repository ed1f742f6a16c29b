import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One browser session spoken to over the W3C WebDriver HTTP protocol (https://www.w3.org/TR/webdriver2/):
/// navigate, find elements, click, type, run scripts, answer dialogs. ``HeadlessChromium`` starts the driver
/// and the browser behind it.
public struct WebDriverSession: Sendable {
    /// The driver's base URL, e.g. `http://127.0.0.1:9515`.
    public let driverURL: String
    public let id: String

    /// A command the driver refused (W3C error code and message).
    public struct CommandFailed: Error, CustomStringConvertible {
        public var command: String
        public var status: Int
        public var error: String
        public var message: String
        public var description: String { "WebDriver \(command) failed (\(status) \(error)): \(message)" }
    }

    /// An element reference (the W3C element identifier).
    public struct Element: Sendable {
        public let id: String
        var json: [String: String] { [WebDriverSession.elementKey: id] }
    }

    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    /// Creates a session with `capabilities` (`alwaysMatch`).
    public static func create(driverURL: String, capabilities: [String: Any]) async throws -> WebDriverSession {
        let value = try await command(driverURL, .POST, "/session", ["capabilities": ["alwaysMatch": capabilities]])
        guard let id = (value as? [String: Any])?["sessionId"] as? String else {
            throw CommandFailed(command: "new session", status: 0, error: "no session id", message: "\(value ?? "nil")")
        }
        return WebDriverSession(driverURL: driverURL, id: id)
    }

    /// Ends the session; the driver closes the browser.
    public func delete() async throws {
        _ = try await Self.command(driverURL, .DELETE, "/session/\(id)", nil)
    }

    public func navigate(to url: String) async throws {
        _ = try await send(.POST, "/url", ["url": url])
    }

    /// The first element matching a CSS selector.
    public func element(_ selector: String) async throws -> Element {
        let value = try await send(.POST, "/element", ["using": "css selector", "value": selector])
        guard let id = (value as? [String: Any])?[Self.elementKey] as? String else {
            throw CommandFailed(command: "find \(selector)", status: 0, error: "no element", message: "\(value ?? "nil")")
        }
        return Element(id: id)
    }

    public func click(_ element: Element) async throws {
        _ = try await send(.POST, "/element/\(element.id)/click", [:])
    }

    /// Types `text` into an element; for a file input, `text` is the path of a file to choose.
    public func type(_ text: String, into element: Element) async throws {
        _ = try await send(.POST, "/element/\(element.id)/value", ["text": text])
    }

    public func clear(_ element: Element) async throws {
        _ = try await send(.POST, "/element/\(element.id)/clear", [:])
    }

    /// Runs a script's body in the page (`arguments[0]`… are `arguments`) and returns its JSON result.
    @discardableResult
    public func execute(_ script: String, _ arguments: [Any] = []) async throws -> Any? {
        try await send(.POST, "/execute/sync", ["script": script, "args": arguments])
    }

    /// The browser console's messages since the last call, as `level: message` (chromedriver's log endpoint;
    /// the session asks for every level through `goog:loggingPrefs`).
    public func browserLog() async throws -> [String] {
        let entries = try await send(.POST, "/se/log", ["type": "browser"]) as? [[String: Any]] ?? []
        return entries.map { "\($0["level"] ?? ""): \($0["message"] ?? "")" }
    }

    /// Accepts the open `alert`/`confirm` dialog.
    public func acceptDialog() async throws {
        _ = try await send(.POST, "/alert/accept", [:])
    }

    /// Polls `script` (an expression's body that returns a value) until it returns true, for at most
    /// `seconds`; true as soon as it does.
    public func waitUntil(_ script: String, within seconds: Double = 60) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        repeat {
            if try await execute(script) as? Bool == true { return true }
            try await Task.sleep(for: .milliseconds(100))
        } while ContinuousClock.now < deadline
        return try await execute(script) as? Bool == true
    }

    private func send(_ method: HTTPMethod, _ path: String, _ body: [String: Any]?) async throws -> Any? {
        try await Self.command(driverURL, method, "/session/\(id)\(path)", body)
    }

    /// Sends one command and returns its `value`; a W3C error becomes ``CommandFailed``.
    static func command(_ driverURL: String, _ method: HTTPMethod, _ path: String, _ body: [String: Any]?) async throws -> Any? {
        var request = HTTPClientRequest(url: driverURL + path)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        let bytes = try await response.body.collect(upTo: 64 * 1024 * 1024)
        let json = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView), options: [.fragmentsAllowed])) as? [String: Any]
        let value = json?["value"]
        guard response.status == .ok else {
            let details = value as? [String: Any]
            throw CommandFailed(command: "\(method) \(path)", status: Int(response.status.code),
                                error: details?["error"] as? String ?? "unknown error",
                                message: details?["message"] as? String ?? String(buffer: bytes))
        }
        return value is NSNull ? nil : value
    }
}
