import Foundation
import Yams

/// Which voice each built-in speaker id uses. The defaults put the neural English voice behind `英文男`;
/// a YAML file can override any of them:
///
/// ```yaml
/// speakers:
///   英文男: piper:en_US-joe-medium
///   英文女: espeak:en-us+f2
/// ```
public enum SpeakerAssignments {
    public static let defaults = ["英文男": "piper:en_US-joe-medium"]

    struct File: Decodable {
        var speakers: [String: String]
    }

    /// The defaults overlaid with the file at `url`, when it exists. A malformed file is an error: a server
    /// that silently ignored its configuration would be worse than one that does not start.
    public static func load(from url: URL) throws(VoicesConfigError) -> [String: String] {
        guard FileManager.default.fileExists(atPath: url.path) else { return defaults }
        do {
            let text = try String(contentsOf: url, encoding: .utf8)
            let file = try YAMLDecoder().decode(File.self, from: text)
            return defaults.merging(file.speakers) { _, configured in configured }
        } catch {
            throw VoicesConfigError(path: url.path, reason: "\(error)")
        }
    }
}

/// The voice assignments file could not be read: the server does not start, and says which file and why.
public struct VoicesConfigError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path) is not a voice assignments file (speakers: id → voice id): \(reason)" }
}
