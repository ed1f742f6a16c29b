import Foundation
import TextFrontend

/// The parts of a Piper voice's `.onnx.json` the engine uses.
struct PiperVoiceConfig: Sendable, Equatable {
    /// Output sample rate in Hz (e.g. 22050).
    var sampleRate: Int
    /// espeak-ng voice that phonemizes for this model (e.g. `en-us`).
    var espeakVoice: String
    /// Language code as the voice names it (e.g. `en_US`, `zh_CN`).
    var languageCode: String
    /// Dataset (speaker) name, e.g. `joe`; nil when the json has none.
    var dataset: String?
    var speakerCount: Int
    /// VITS noise scale (prosody variation), from `inference.noise_scale`.
    var noiseScale: Float
    /// VITS duration noise scale, from `inference.noise_w`.
    var noiseScaleW: Float
    /// VITS length scale (1 = trained rate, larger = slower), from `inference.length_scale`.
    var lengthScale: Float
    /// Phoneme symbol (one Unicode scalar) → model input ids.
    var phonemeIDs: [Unicode.Scalar: [Int]]

    /// Piper's defaults for voices whose json has no `inference` section.
    static let defaultNoiseScale: Float = 0.667
    static let defaultNoiseScaleW: Float = 0.8
    static let defaultLengthScale: Float = 1

    /// Parses a `.onnx.json` file.
    init(contentsOf url: URL) throws {
        let data = try Data(contentsOf: url)
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch let error as DecodingError {
            throw PiperVoiceConfigError(reason: "bad JSON: \(Self.describe(error))")
        }
        guard file.phonemeType ?? "espeak" == "espeak" else {
            throw PiperVoiceConfigError(reason: "unsupported phoneme_type \"\(file.phonemeType ?? "")\" (only espeak is supported)")
        }
        guard let espeakVoice = file.espeak?.voice, !espeakVoice.isEmpty else {
            throw PiperVoiceConfigError(reason: "no espeak.voice")
        }
        guard file.audio.sampleRate > 0 else { throw PiperVoiceConfigError(reason: "audio.sample_rate must be positive") }
        var phonemeIDs: [Unicode.Scalar: [Int]] = [:]
        for (symbol, ids) in file.phonemeIDMap {
            let scalars = Array(symbol.unicodeScalars)
            guard scalars.count == 1, !ids.isEmpty else {
                throw PiperVoiceConfigError(reason: "phoneme_id_map entry \"\(symbol)\" is not one symbol with ids")
            }
            phonemeIDs[scalars[0]] = ids
        }
        // sherpa frames every sentence with these three (pad, begin, end).
        for required: Unicode.Scalar in ["_", "^", "$"] where phonemeIDs[required] == nil {
            throw PiperVoiceConfigError(reason: "phoneme_id_map lacks \"\(required)\"")
        }
        self.sampleRate = file.audio.sampleRate
        self.espeakVoice = espeakVoice
        self.languageCode = file.language?.code ?? espeakVoice
        self.dataset = file.dataset
        self.speakerCount = max(1, file.numSpeakers ?? 1)
        self.noiseScale = file.inference?.noiseScale ?? Self.defaultNoiseScale
        self.noiseScaleW = file.inference?.noiseW ?? Self.defaultNoiseScaleW
        self.lengthScale = file.inference?.lengthScale ?? Self.defaultLengthScale
        self.phonemeIDs = phonemeIDs
    }

    /// sherpa-onnx's `tokens.txt`: one `"<symbol> <id>"` line per phoneme, ordered by id. The space symbol
    /// gives a line starting with two spaces.
    var tokensFile: String {
        phonemeIDs
            .map { (symbol: $0.key, id: $0.value[0]) }
            .sorted { $0.id < $1.id }
            .map { "\(Character($0.symbol)) \($0.id)\n" }
            .joined()
    }

    private struct File: Decodable {
        struct Audio: Decodable {
            var sampleRate: Int
            enum CodingKeys: String, CodingKey { case sampleRate = "sample_rate" }
        }
        struct Espeak: Decodable { var voice: String? }
        struct Inference: Decodable {
            var noiseScale: Float?
            var lengthScale: Float?
            var noiseW: Float?
            enum CodingKeys: String, CodingKey {
                case noiseScale = "noise_scale", lengthScale = "length_scale", noiseW = "noise_w"
            }
        }
        struct LanguageInfo: Decodable { var code: String? }

        var audio: Audio
        var espeak: Espeak?
        var inference: Inference?
        var phonemeType: String?
        var phonemeIDMap: [String: [Int]]
        var numSpeakers: Int?
        var language: LanguageInfo?
        var dataset: String?

        enum CodingKeys: String, CodingKey {
            case audio, espeak, inference, language, dataset
            case phonemeType = "phoneme_type"
            case phonemeIDMap = "phoneme_id_map"
            case numSpeakers = "num_speakers"
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context): context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription
        case .keyNotFound(let key, let context): "missing \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        @unknown default: "\(error)"
        }
    }
}

struct PiperVoiceConfigError: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
