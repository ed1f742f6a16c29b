import CosyVoiceTestTraits
import CosyVoiceTesting
import Foundation
import Testing
@testable import Engines

@Suite("Piper voice scanning", .offThePool)
struct PiperVoicesTests {
    @Test("broken voices are reported and skipped; the good one loads")
    func brokenVoicesAreSkipped() throws {
        let directory = try PiperTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fileManager = FileManager.default
        // (a) a model without its .onnx.json
        try Data([0x08, 0x07]).write(to: directory.appendingPathComponent("orphan.onnx"))
        // (b) bad JSON
        try Data([0x08, 0x07]).write(to: directory.appendingPathComponent("broken.onnx"))
        try Data("{ \"audio\": ".utf8).write(to: directory.appendingPathComponent("broken.onnx.json"))
        // (c) a json without its model
        try fileManager.copyItem(at: PiperTestSupport.joeConfig, to: directory.appendingPathComponent("lonely.onnx.json"))
        // the real voice, through symlinks
        try fileManager.createSymbolicLink(at: directory.appendingPathComponent("en_US-joe-medium.onnx"), withDestinationURL: PiperTestSupport.joeModel)
        try fileManager.createSymbolicLink(at: directory.appendingPathComponent("en_US-joe-medium.onnx.json"), withDestinationURL: PiperTestSupport.joeConfig)

        let scan = PiperVoices.scan(directories: [directory], cacheDirectory: PiperTestSupport.cacheDirectory, logger: PiperTestSupport.logger)

        #expect(scan.voices.map(\.voice.id) == ["piper:en_US-joe-medium"])
        #expect(scan.failures.count == 3)
        let failedPaths = Set(scan.failures.compactMap { failure -> String? in
            if case .invalidVoice(let path, _) = failure { return URL(fileURLWithPath: path).lastPathComponent } else { return nil }
        })
        #expect(failedPaths == ["orphan.onnx", "broken.onnx", "lonely.onnx"])
    }

    @Test("an unsupported phoneme type or language is a failure")
    func unsupportedVoices() throws {
        let directory = try PiperTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: PiperTestSupport.joeConfig)) as! [String: Any]
        json["phoneme_type"] = "pinyin"
        try JSONSerialization.data(withJSONObject: json).write(to: directory.appendingPathComponent("pinyin.onnx.json"))
        json["phoneme_type"] = "espeak"
        json["language"] = ["code": "fr_FR"]
        json["espeak"] = ["voice": "fr"]
        try JSONSerialization.data(withJSONObject: json).write(to: directory.appendingPathComponent("french.onnx.json"))
        for name in ["pinyin", "french"] {
            try Data([0x08, 0x07]).write(to: directory.appendingPathComponent(name + ".onnx"))
        }

        let scan = PiperVoices.scan(directories: [directory], cacheDirectory: PiperTestSupport.cacheDirectory, logger: PiperTestSupport.logger)

        #expect(scan.voices.isEmpty)
        let reasons = scan.failures.map(\.description).joined(separator: "\n")
        #expect(reasons.contains("phoneme_type"))
        #expect(reasons.contains("fr_FR"))
    }

    @Test("the prepared copy is reused on a second scan and the installed voice is untouched")
    func preparedCopyIsReused() throws {
        let cache = try PiperTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: cache) }
        let installedBefore = try Self.sizeAndDate(PiperTestSupport.joeModel)

        let first = PiperVoices.scan(directories: [PiperTestSupport.voicesDirectory], cacheDirectory: cache, logger: PiperTestSupport.logger)
        let files = try #require(first.voices.first { $0.voice.name == PiperTestSupport.joeID }).files
        let preparedBefore = try Self.sizeAndDate(files.model)
        let metadata = try ONNXMetadata.read(from: files.model)
        #expect(metadata["sample_rate"] == "22050")
        #expect(metadata["n_speakers"] == "1")
        #expect(metadata["comment"] == "piper")
        #expect(metadata["model_type"] == "vits")
        #expect(metadata["has_espeak"] == "1")
        let tokens = try String(contentsOf: files.tokens, encoding: .utf8)
        #expect(tokens.hasPrefix("_ 0\n^ 1\n$ 2\n  3\n"))

        let second = PiperVoices.scan(directories: [PiperTestSupport.voicesDirectory], cacheDirectory: cache, logger: PiperTestSupport.logger)
        #expect(second.voices.map(\.files) == first.voices.map(\.files))
        #expect(try Self.sizeAndDate(files.model) == preparedBefore)

        #expect(try Self.sizeAndDate(PiperTestSupport.joeModel) == installedBefore)
        #expect(try ONNXMetadata.read(from: PiperTestSupport.joeModel)["comment"] == nil, "the installed file gained no metadata")
    }

    @Test("a changed voice file is prepared again")
    func changedSourceIsPreparedAgain() throws {
        let directory = try PiperTestSupport.makeTemporaryDirectory()
        let cache = try PiperTestSupport.makeTemporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(at: cache)
        }
        let model = directory.appendingPathComponent("en_US-joe-medium.onnx")
        let config = directory.appendingPathComponent("en_US-joe-medium.onnx.json")
        try FileManager.default.createSymbolicLink(at: model, withDestinationURL: PiperTestSupport.joeModel)
        try FileManager.default.copyItem(at: PiperTestSupport.joeConfig, to: config)
        let first = PiperVoices.scan(directories: [directory], cacheDirectory: cache, logger: PiperTestSupport.logger)
        let files = try #require(first.voices.first).files
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 0)], ofItemAtPath: files.tokens.path)

        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: config.path)
        _ = PiperVoices.scan(directories: [directory], cacheDirectory: cache, logger: PiperTestSupport.logger)

        let tokensDate = try FileManager.default.attributesOfItem(atPath: files.tokens.path)[.modificationDate] as? Date
        #expect(tokensDate != Date(timeIntervalSince1970: 0))
    }

    @Test("language codes map to the server's languages")
    func languageCodes() {
        #expect(PiperVoices.language(ofCode: "en_US") == .english)
        #expect(PiperVoices.language(ofCode: "en_GB") == .english)
        #expect(PiperVoices.language(ofCode: "zh_CN") == .mandarin)
        #expect(PiperVoices.language(ofCode: "de_DE") == nil)
        #expect(PiperVoices.speakerName(ofID: "en_US-joe-medium") == "joe")
        #expect(PiperVoices.gender(ofSpeaker: "amy") == .female)
    }

    private static func sizeAndDate(_ url: URL) throws -> [String] {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)
        return ["\(attributes[.size] ?? "")", "\(attributes[.modificationDate] ?? "")"]
    }
}
