import AudioIO
import Engines
import Foundation
import Yams

/// The inference backends of `voices.yaml` and what is routed to them:
///
/// ```yaml
/// backends:
///   gpu: {url: grpc://gpu-host:8001, model: cosyvoice2, timeout: 30s, max_in_flight: 16, fallback: fail}
/// modes: {zero_shot: gpu, cross_lingual: gpu, instruct2: gpu}
/// speakers:
///   中文女: {backend: gpu, prompt: /srv/voices/zh-female.wav, prompt_text: "希望你以后能够做的比我还好呦。"}
///   英文男: piper:en_US-joe-medium     # a local voice, as before
/// ```
///
/// Every key is checked: a misspelt one stops the server rather than being ignored.
package struct BackendsFile: Decodable {
    var backends: [String: Backend]?
    var modes: [String: String]?
    package var speakers: [String: SpeakerEntry]?

    /// The file's text (at `path`, which errors name), decoded with every key checked.
    package static func parse(_ text: String, path: String) throws(VoicesConfigError) -> BackendsFile {
        do {
            return try YAMLDecoder().decode(BackendsFile.self, from: text)
        } catch {
            throw VoicesConfigError(path: path, reason: "\(error)")
        }
    }

    package init(from decoder: any Decoder) throws {
        try AnyKey.check(try decoder.container(keyedBy: AnyKey.self), allowed: ["speakers", "openai_voices", "backends", "modes"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        backends = try container.decodeIfPresent([String: Backend].self, forKey: .backends)
        modes = try container.decodeIfPresent([String: String].self, forKey: .modes)
        speakers = try container.decodeIfPresent([String: SpeakerEntry].self, forKey: .speakers)
    }

    enum CodingKeys: String, CodingKey { case backends, modes, speakers }

    struct Backend: Decodable {
        var url: String
        var model: String?
        var timeout: Seconds?
        var max_in_flight: Int?
        var fallback: String?

        init(from decoder: any Decoder) throws {
            let keys = try decoder.container(keyedBy: AnyKey.self)
            try AnyKey.check(keys, allowed: ["url", "model", "timeout", "max_in_flight", "fallback"])
            let container = try decoder.container(keyedBy: CodingKeys.self)
            url = try container.decode(String.self, forKey: .url)
            model = try container.decodeIfPresent(String.self, forKey: .model)
            timeout = try container.decodeIfPresent(Seconds.self, forKey: .timeout)
            max_in_flight = try container.decodeIfPresent(Int.self, forKey: .max_in_flight)
            fallback = try container.decodeIfPresent(String.self, forKey: .fallback)
        }

        enum CodingKeys: String, CodingKey { case url, model, timeout, max_in_flight, fallback }
    }

    /// A speaker entry: a local voice id, or a backend with a reference recording.
    package enum SpeakerEntry: Decodable {
        case voice(String)
        case backend(name: String, prompt: String, promptText: String)

        package init(from decoder: any Decoder) throws {
            if let voice = try? decoder.singleValueContainer().decode(String.self) {
                self = .voice(voice)
                return
            }
            let keys = try decoder.container(keyedBy: AnyKey.self)
            try AnyKey.check(keys, allowed: ["backend", "prompt", "prompt_text"])
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self = .backend(name: try container.decode(String.self, forKey: .backend), prompt: try container.decode(String.self, forKey: .prompt),
                            promptText: try container.decodeIfPresent(String.self, forKey: .prompt_text) ?? "")
        }

        enum CodingKeys: String, CodingKey { case backend, prompt, prompt_text }
    }

    /// A duration: `30s`, `500ms`, `2m`, or a number of seconds.
    struct Seconds: Decodable {
        var value: Double

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                value = number
                return
            }
            let text = try container.decode(String.self).trimmingCharacters(in: .whitespaces)
            let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
            guard let (suffix, scale) = units.first(where: { text.hasSuffix($0.0) }),
                  let number = Double(text.dropLast(suffix.count)), number.isFinite else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a duration (e.g. 30s, 500ms, 2m)")
            }
            value = number * scale
        }
    }

    /// Any key, so that unknown ones can be named.
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }

        static func check(_ container: KeyedDecodingContainer<AnyKey>, allowed: Set<String>) throws {
            if let unknown = container.allKeys.map(\.stringValue).sorted().first(where: { !allowed.contains($0) }) {
                throw DecodingError.dataCorruptedError(forKey: AnyKey(stringValue: unknown), in: container,
                                                       debugDescription: "unknown key '\(unknown)' (expected one of \(allowed.sorted().joined(separator: ", ")))")
            }
        }
    }

    /// The voice ids of the `speakers` entries that name one.
    var voiceAssignments: [String: String] {
        (speakers ?? [:]).compactMapValues { if case .voice(let id) = $0 { id } else { nil } }
    }
}

/// The routing `voices.yaml` describes, checked whole before the server starts: every backend's address and
/// settings, every mode and speaker naming a configured backend, every recording decodable.
package enum BackendsConfiguration {
    package static func configurations(in file: BackendsFile, path: String) throws(VoicesConfigError) -> [TritonBackendConfiguration] {
        func invalid(_ reason: String) -> VoicesConfigError { VoicesConfigError(path: path, reason: reason) }
        var result: [TritonBackendConfiguration] = []
        for (name, backend) in (file.backends ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let (host, port) = TritonBackendConfiguration.address(of: backend.url) else {
                throw invalid("backend \(name): url must be grpc://host:port, got '\(backend.url)'")
            }
            var configuration = TritonBackendConfiguration(name: name, host: host, port: port)
            if let model = backend.model {
                guard !model.isEmpty else { throw invalid("backend \(name): model is empty") }
                configuration.model = model
            }
            if let timeout = backend.timeout?.value {
                guard timeout > 0, timeout <= 3600 else { throw invalid("backend \(name): timeout must be between 0 and 1 h") }
                configuration.timeout = timeout
            }
            if let maxInFlight = backend.max_in_flight {
                guard (1...10_000).contains(maxInFlight) else { throw invalid("backend \(name): max_in_flight must be between 1 and 10000") }
                configuration.maxInFlight = maxInFlight
            }
            if let fallback = backend.fallback {
                guard let value = TritonBackendConfiguration.Fallback(rawValue: fallback) else {
                    throw invalid("backend \(name): fallback must be fail or local, got '\(fallback)'")
                }
                configuration.fallback = value
            }
            result.append(configuration)
        }
        return result
    }

    /// Mode → backend name, each checked.
    package static func modes(in file: BackendsFile, backends: Set<String>, path: String) throws(VoicesConfigError) -> [BackendRouting.PromptMode: String] {
        var modes: [BackendRouting.PromptMode: String] = [:]
        for (key, backend) in file.modes ?? [:] {
            guard let mode = BackendRouting.PromptMode(rawValue: key) else {
                let known = BackendRouting.PromptMode.allCases.map(\.rawValue).joined(separator: ", ")
                throw VoicesConfigError(path: path, reason: "modes: unknown mode '\(key)' (expected \(known))")
            }
            guard backends.contains(backend) else {
                throw VoicesConfigError(path: path, reason: "modes: \(key) names backend '\(backend)', which is not configured")
            }
            modes[mode] = backend
        }
        return modes
    }
}
