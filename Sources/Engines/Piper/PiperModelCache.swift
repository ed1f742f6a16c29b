import Foundation

/// The files sherpa-onnx loads for one Piper voice.
struct PiperModelFiles: Sendable, Equatable {
    /// A copy of the voice's `.onnx` with the metadata sherpa-onnx requires appended.
    var model: URL
    /// `tokens.txt` generated from the voice's `phoneme_id_map`.
    var tokens: URL
}

/// Prepares Piper voices for sherpa-onnx in a cache directory, once per voice file.
///
/// Piper's `.onnx` files carry no metadata, and sherpa-onnx ends the whole process when a required key is
/// missing, so the engine loads a patched copy, never the installed file, and checks every key before
/// sherpa-onnx sees the file. A copy is reused while the voice's `.onnx` and `.onnx.json` keep the size and
/// modification time recorded next to it.
enum PiperModelCache {
    /// Keys sherpa-onnx reads without a default for a Piper VITS model.
    static let requiredKeys = ["sample_rate", "n_speakers", "language", "comment"]

    /// Returns the prepared files for a voice, writing them under `cacheDirectory/<id>/` unless an up-to-date
    /// copy is there already.
    static func prepare(id: String, model: URL, configFile: URL, config: PiperVoiceConfig, cacheDirectory: URL) throws -> PiperModelFiles {
        let directory = cacheDirectory.appendingPathComponent(id, isDirectory: true)
        let files = PiperModelFiles(model: directory.appendingPathComponent("model.onnx"),
                                    tokens: directory.appendingPathComponent("tokens.txt"))
        let stampURL = directory.appendingPathComponent("source.stamp")
        let stamp = try sourceStamp(model: model, configFile: configFile)

        let fileManager = FileManager.default
        if (try? String(contentsOf: stampURL, encoding: .utf8)) == stamp,
           fileManager.fileExists(atPath: files.model.path), fileManager.fileExists(atPath: files.tokens.path),
           (try? validate(files)) != nil {
            return files
        }

        try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        try? fileManager.removeItem(at: stampURL)

        let partialModel = directory.appendingPathComponent("model.onnx.partial")
        try? fileManager.removeItem(at: partialModel)
        try fileManager.copyItem(at: model.resolvingSymlinksInPath(), to: partialModel)
        let existing = try ONNXMetadata.read(from: partialModel)
        let missing = metadata(for: config).filter { existing[$0.key] == nil }
        if !missing.isEmpty {
            let handle = try FileHandle(forWritingTo: partialModel)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(ONNXMetadata.encodedEntries(missing)))
        }
        // Copies are read-write even when the installed file is read-only.
        try fileManager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: partialModel.path)
        try replace(files.model, with: partialModel)

        let partialTokens = directory.appendingPathComponent("tokens.txt.partial")
        try config.tokensFile.write(to: partialTokens, atomically: false, encoding: .utf8)
        try replace(files.tokens, with: partialTokens)

        try validate(files)
        try stamp.write(to: stampURL, atomically: true, encoding: .utf8)
        return files
    }

    /// Checks that sherpa-onnx can load `files` without ending the process: both files exist and the model has
    /// every required key with a usable value.
    static func validate(_ files: PiperModelFiles) throws {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: files.tokens.path),
              let tokens = try? String(contentsOf: files.tokens, encoding: .utf8), !tokens.isEmpty else {
            throw PiperVoiceConfigError(reason: "prepared tokens file \(files.tokens.path) is missing or empty")
        }
        let metadata = try ONNXMetadata.read(from: files.model)
        for key in requiredKeys where metadata[key] == nil {
            throw PiperVoiceConfigError(reason: "prepared model lacks metadata \"\(key)\"")
        }
        guard let rate = metadata["sample_rate"].flatMap(Int.init), rate > 0,
              let speakers = metadata["n_speakers"].flatMap(Int.init), speakers > 0 else {
            throw PiperVoiceConfigError(reason: "prepared model has a non-numeric sample_rate or n_speakers")
        }
        guard metadata["comment"]?.contains("piper") == true else {
            throw PiperVoiceConfigError(reason: "prepared model's comment does not name piper")
        }
    }

    /// The metadata sherpa-onnx expects of a Piper model exported by its own scripts.
    static func metadata(for config: PiperVoiceConfig) -> [(key: String, value: String)] {
        [
            ("model_type", "vits"),
            ("comment", "piper"),
            ("language", config.languageCode),
            ("voice", config.espeakVoice),
            ("has_espeak", "1"),
            ("n_speakers", String(config.speakerCount)),
            ("sample_rate", String(config.sampleRate)),
        ]
    }

    /// Identifies the source files' versions; bump `format` when the prepared layout changes.
    private static func sourceStamp(model: URL, configFile: URL) throws -> String {
        func describe(_ url: URL) throws -> String {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(size) \(modified)"
        }
        return "format 1\nmodel \(try describe(model))\nconfig \(try describe(configFile))\n"
    }

    private static func replace(_ destination: URL, with source: URL) throws {
        // rename(2) replaces atomically, so a reader never sees a half-written file.
        guard rename(source.path, destination.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination.path])
        }
    }
}
