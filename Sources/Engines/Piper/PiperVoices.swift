import Foundation
import Logging
import TextFrontend

/// Finds Piper voices: every `<name>.onnx` with a `<name>.onnx.json` next to it.
public enum PiperVoices {
    /// Scans `directories` (not recursively) and prepares every voice in `cacheDirectory`.
    ///
    /// A broken voice (no `.onnx.json`, bad JSON, no `.onnx`, an unsupported phoneme type or language, an
    /// espeak-ng voice that does not exist) is reported in `failures` and skipped; scanning continues. The
    /// first voice of a name wins; later ones are failures.
    ///
    /// Blocks the caller (file copies on first use, espeak-ng checks); from async code use `PiperEngine.start`.
    ///
    /// - Parameters:
    ///   - directories: folders holding `.onnx` + `.onnx.json` pairs; a missing folder is skipped silently.
    ///   - cacheDirectory: where patched model copies live (the server passes `<data-dir>/cache/voices`).
    public static func scan(directories: [URL], cacheDirectory: URL, logger: Logger) -> (voices: [PreparedPiperVoice], failures: [EngineError]) {
        var voices: [PreparedPiperVoice] = []
        var failures: [EngineError] = []
        var seen: Set<String> = []
        let fileManager = FileManager.default
        for directory in directories {
            guard let names = try? fileManager.contentsOfDirectory(atPath: directory.path) else { continue }
            let models = Set(names.filter { $0.hasSuffix(".onnx") }.map { String($0.dropLast(".onnx".count)) })
            let configs = Set(names.filter { $0.hasSuffix(".onnx.json") }.map { String($0.dropLast(".onnx.json".count)) })
            for id in models.union(configs).sorted() {
                let model = directory.appendingPathComponent(id + ".onnx")
                do {
                    guard models.contains(id) else { throw PiperVoiceConfigError(reason: "no \(id).onnx next to its .onnx.json") }
                    guard configs.contains(id) else { throw PiperVoiceConfigError(reason: "no \(id).onnx.json next to the model") }
                    guard !seen.contains(id) else { throw PiperVoiceConfigError(reason: "a voice named \(id) was already found") }
                    let voice = try load(id: id, model: model, cacheDirectory: cacheDirectory, logger: logger)
                    seen.insert(id)
                    voices.append(voice)
                    logger.info("piper voice found", metadata: ["voice": "\(voice.voice.id)", "language": "\(voice.voice.language.rawValue)",
                                                               "gender": "\(voice.voice.gender.rawValue)"])
                } catch {
                    let failure = EngineError.invalidVoice(path: model.path, reason: "\(error)")
                    logger.warning("piper voice skipped", metadata: ["path": "\(model.path)", "reason": "\(error)"])
                    failures.append(failure)
                }
            }
        }
        return (voices, failures)
    }

    /// Reads, checks and prepares one voice.
    static func load(id: String, model: URL, cacheDirectory: URL, logger: Logger) throws -> PreparedPiperVoice {
        let configFile = URL(fileURLWithPath: model.path + ".json")
        let config = try PiperVoiceConfig(contentsOf: configFile)
        guard let language = language(ofCode: config.languageCode) else {
            throw PiperVoiceConfigError(reason: "unsupported language \(config.languageCode)")
        }
        do {
            _ = try EspeakLibrary.shared.phonemizeBlocking("a", voice: config.espeakVoice)
        } catch {
            throw PiperVoiceConfigError(reason: "espeak-ng cannot phonemize for it: \(error)")
        }
        let files = try PiperModelCache.prepare(id: id, model: model, configFile: configFile, config: config, cacheDirectory: cacheDirectory)
        let speaker = config.dataset ?? speakerName(ofID: id)
        let gender = gender(ofSpeaker: speaker)
        if !isKnown(speaker: speaker) {
            logger.notice("piper voice gender unknown, assuming male", metadata: ["voice": "\(id)", "speaker": "\(speaker)"])
        }
        let voice = Voice(engine: .piper, name: id, language: language, gender: gender,
                          sampleRate: config.sampleRate, typicalF0: typicalF0[gender]!)
        return PreparedPiperVoice(voice: voice, source: model, config: config, files: files)
    }

    /// The language of a Piper language code (`en_US`, `zh_CN`, `cmn`, …), or nil when the server has none.
    static func language(ofCode code: String) -> Language? {
        let family = code.lowercased().split(whereSeparator: { $0 == "_" || $0 == "-" }).first.map(String.init) ?? ""
        return switch family {
        case "en": .english
        case "zh", "cmn": .mandarin
        case "yue": .cantonese
        case "ja": .japanese
        case "ko": .korean
        default: nil
        }
    }

    /// The speaker part of a Piper voice name: `en_US-joe-medium` → `joe`.
    static func speakerName(ofID id: String) -> String {
        let parts = id.split(separator: "-")
        return parts.count >= 3 ? parts[1 ..< parts.count - 1].joined(separator: "-") : id
    }

    /// Piper's `.onnx.json` does not state a gender; the tables below list published Piper speakers of the
    /// languages the server speaks. Unlisted speakers count as male, the more common case among Piper's voices.
    static func gender(ofSpeaker speaker: String) -> Gender {
        let speaker = speaker.lowercased()
        if femaleSpeakers.contains(speaker) || speaker.contains("female") { return .female }
        return .male
    }

    private static func isKnown(speaker: String) -> Bool {
        let speaker = speaker.lowercased()
        return femaleSpeakers.contains(speaker) || maleSpeakers.contains(speaker) || speaker.contains("male")
    }

    static let femaleSpeakers: Set<String> = [
        "amy", "kathleen", "kristin", "lessac", "ljspeech", "hfc_female", "jenny_dioco", "alba", "cori",
        "southern_english_female", "huayan", "xiao_ya",
    ]
    static let maleSpeakers: Set<String> = [
        "joe", "ryan", "danny", "john", "kusal", "norman", "bryce", "hfc_male", "alan", "northern_english_male",
    ]

    /// Median F0 in Hz assumed for a voice of each gender (typical adult speech).
    static let typicalF0: [Gender: Double] = [.male: 120, .female: 210]
}
