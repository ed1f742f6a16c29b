import Foundation
import Yams

/// Which voice each built-in speaker id uses. The defaults put the neural English voice behind `英文男`;
/// a YAML file can override any of them:
///
/// ```yaml
/// speakers:
///   英文男: piper:en_US-joe-medium
///   英文女: espeak:en-us+f2
/// openai_voices:        # OpenAI voice names of /v1/audio/speech → speaker ids
///   alloy: 中文女
/// ```
public enum SpeakerAssignments {
    public static let defaults = ["英文男": "piper:en_US-joe-medium"]

    package struct File: Decodable {
        /// Voice ids, or backend recordings (``BackendsFile``), which are not assignments.
        package var speakers: [String: BackendsFile.SpeakerEntry]?
        package var openai_voices: [String: String]?
    }

    /// The `openai_voices` section of the file at `url`; empty when there is no file or no section.
    public static func openAIVoices(from url: URL) throws(VoicesConfigError) -> [String: String] {
        try file(at: url)?.openai_voices ?? [:]
    }

    private static func file(at url: URL) throws(VoicesConfigError) -> File? {
        try text(of: url).map { text throws(VoicesConfigError) in try parse(text, path: url.path) }
    }

    /// The text of the voices file at `url`, or nil when there is none.
    static func text(of url: URL) throws(VoicesConfigError) -> String? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw VoicesConfigError(path: url.path, reason: "\(error)")
        }
    }

    /// The assignment sections of a voices file's text (at `path`, which errors name).
    package static func parse(_ text: String, path: String) throws(VoicesConfigError) -> File {
        do {
            return try YAMLDecoder().decode(File.self, from: text)
        } catch {
            throw VoicesConfigError(path: path, reason: "\(error)")
        }
    }

    /// The defaults overlaid with the file at `url`, when it exists. A malformed file is an error: a server
    /// that silently ignored its configuration would be worse than one that does not start.
    public static func load(from url: URL) throws(VoicesConfigError) -> [String: String] {
        let configured = (try file(at: url)?.speakers ?? [:]).compactMapValues { entry -> String? in
            if case .voice(let id) = entry { id } else { nil }
        }
        return defaults.merging(configured) { _, configured in configured }
    }
}

/// The voice assignments file could not be read: the server does not start, and says which file and why.
public struct VoicesConfigError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path) is not a valid voices file (speakers, openai_voices, backends, modes): \(reason)" }
}
