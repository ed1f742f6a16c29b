import AudioIO
import Engines
import Foundation
import Logging
import Synthesis

extension ServiceLoader {
    /// The inference backends of the voices file and what is routed to them; empty without a file or backends.
    /// Starts a client per backend (connections open lazily: a backend that is down now may come up later)
    /// and decodes every configured recording once, at the backend's reference rate.
    static func loadRouting(_ configuration: ServerConfiguration, logger: Logger) async throws -> BackendRouting {
        let url = configuration.resolvedVoicesConfigFile
        guard let text = try SpeakerAssignments.text(of: url) else { return BackendRouting() }
        let file = try BackendsFile.parse(text, path: url.path)
        var backends: [String: TritonEngine] = [:]
        for backend in try BackendsConfiguration.configurations(in: file, path: url.path) {
            let engine = try TritonEngine(backend, logger: logger)
            backends[backend.name] = engine
            // Said at start, so that a wrong address or model name shows in the first lines of the log.
            let status = await engine.status()
            logger.log(level: status.ready ? .info : .warning, "inference backend",
                       metadata: ["backend": "\(backend.name)", "url": "\(backend.url)", "model": "\(backend.model)",
                                  "fallback": "\(backend.fallback.rawValue)", "ready": "\(status.ready)", "reason": "\(status.reason ?? "")"])
        }
        let modes = try BackendsConfiguration.modes(in: file, backends: Set(backends.keys), path: url.path)
        var speakers: [String: BackendRouting.RoutedSpeaker] = [:]
        for (id, entry) in (file.speakers ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard case .backend(let name, let prompt, let promptText) = entry else { continue }
            guard let backend = backends[name] else {
                throw VoicesConfigError(path: url.path, reason: "speakers: \(id) names backend '\(name)', which is not configured")
            }
            let audio = try await recording(prompt, rules: configuration.limits.prompt, rate: backend.capabilities.referenceSampleRate,
                                             speaker: id, path: url.path)
            speakers[id] = BackendRouting.RoutedSpeaker(backend: name, prompt: ReferencePrompt(audio: audio, transcript: promptText))
        }
        return BackendRouting(backends: backends, modes: modes, speakers: speakers)
    }

    /// A speaker's recording, decoded and checked as an uploaded prompt would be, off the cooperative pool.
    private static func recording(_ path: String, rules: PromptRules, rate: Int?, speaker: String, path configPath: String) async throws -> AudioChunk {
        let decoded = await DedicatedThread.run("speaker prompt") { () -> Result<AudioChunk, any Error> in
            Result {
                let audio = try rules.decodePrompt(try Data(contentsOf: URL(fileURLWithPath: path)))
                guard let rate, audio.sampleRate != rate else { return audio }
                return Resampler.resample(audio, to: rate)
            }
        }
        do {
            return try decoded.get()
        } catch {
            throw VoicesConfigError(path: configPath, reason: "speakers: \(speaker): prompt \(path): \(error)")
        }
    }
}
