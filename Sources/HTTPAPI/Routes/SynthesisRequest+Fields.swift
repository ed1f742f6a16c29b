import AudioIO
import Foundation
import Synthesis

/// The request models of api.md §1–§2, read from decoded fields. Defaults are the contract's
/// (`stream=false, speed=1.0, seed=0`, the defaults of `SynthesisRequest`); `sample_rate` (ext) is optional
/// everywhere. Missing or mistyped fields throw ``ValidationFailure`` (422); an unusable prompt throws
/// `SynthesisError` (400).
extension SynthesisRequest {
    /// The general JSON API's models.
    enum GeneralModel {
        case sft, zeroShot, crossLingual, instruct

        /// The mode's name in logs and metrics, known from the route before the body is read.
        var modeName: String {
            switch self {
            case .sft: "sft"
            case .zeroShot: "zero_shot"
            case .crossLingual: "cross_lingual"
            case .instruct: "instruct"
            }
        }
    }

    /// The basic form API's routes, whose fields are all required.
    enum FormModel: String, CaseIterable {
        case sft = "inference_sft"
        case zeroShot = "inference_zero_shot"
        case crossLingual = "inference_cross_lingual"
        case instruct = "inference_instruct"
        case instruct2 = "inference_instruct2"

        /// The mode's name in logs and metrics, known from the route before the body is read.
        var modeName: String { String(rawValue.dropFirst("inference_".count)) }
    }

    init(_ model: GeneralModel, fields: RequestFields) throws {
        var reader = FieldReader(fields)
        let text = reader.string("tts_text")
        let speaker = model == .sft || model == .instruct ? reader.string("spk_id") : ""
        let promptText = model == .zeroShot ? reader.string("prompt_text") : ""
        let instruction = model == .instruct ? reader.string("instruct_text") : ""
        let source = model == .zeroShot || model == .crossLingual ? PromptSource(&reader) : nil
        let options = Options(&reader)
        try reader.validate()
        let mode: Mode = switch model {
        case .sft: .sft(speakerID: speaker)
        case .instruct: .instruct(speakerID: speaker, instruction: instruction)
        case .zeroShot: .zeroShot(promptText: promptText, prompt: try source!.prompt())
        case .crossLingual: .crossLingual(prompt: try source!.prompt())
        }
        self.init(mode: mode, text: text, options: options)
    }

    init(_ model: FormModel, fields: RequestFields) throws {
        var reader = FieldReader(fields)
        let text = reader.string("tts_text")
        let mode: Mode
        switch model {
        case .sft:
            mode = .sft(speakerID: reader.string("spk_id"))
        case .zeroShot:
            let promptText = reader.string("prompt_text")
            mode = .zeroShot(promptText: promptText, prompt: .file(reader.file("prompt_wav").data))
        case .crossLingual:
            mode = .crossLingual(prompt: .file(reader.file("prompt_wav").data))
        case .instruct:
            let speaker = reader.string("spk_id")
            mode = .instruct(speakerID: speaker, instruction: reader.string("instruct_text"))
        case .instruct2:
            let instruction = reader.string("instruct_text")
            mode = .instruct2(instruction: instruction, prompt: .file(reader.file("prompt_wav").data))
        }
        let options = Options(&reader)
        try reader.validate()
        self.init(mode: mode, text: text, options: options)
    }

    /// `fields` read as the request of every synthesis route that accepts them (the fuzz harnesses' entry
    /// point: each route's reading must end in a request or an error, never a crash).
    package static func fromEveryRoute(_ fields: RequestFields) -> [SynthesisRequest] {
        let general: [GeneralModel] = [.sft, .zeroShot, .crossLingual, .instruct]
        return general.compactMap { try? SynthesisRequest($0, fields: fields) }
            + FormModel.allCases.compactMap { try? SynthesisRequest($0, fields: fields) }
    }

    private init(mode: Mode, text: String, options: Options) {
        self.init(mode: mode, text: text, speed: options.speed, seed: options.seed, stream: options.stream,
                  sampleRate: options.sampleRate)
    }
}

/// The options every synthesis route takes, defaulting to `SynthesisRequest`'s defaults.
private struct Options {
    var speed: Double
    var seed: Int
    var stream: Bool
    var sampleRate: Int?

    init(_ reader: inout FieldReader) {
        let defaults = SynthesisRequest(mode: .sft(speakerID: ""), text: "")
        speed = reader.double("speed", default: defaults.speed)
        seed = reader.int("seed", default: defaults.seed)
        stream = reader.bool("stream", default: defaults.stream)
        sampleRate = reader.optionalInt("sample_rate")
    }
}

/// Where the JSON API's prompt modes take their voice from: an uploaded `prompt_wav` (multipart), else
/// `prompt_audio_base64`, else (ext) the `spk_id` of a cloned speaker.
private struct PromptSource {
    var file: UploadedFile?
    var base64: String?
    var speakerID: String?

    init(_ reader: inout FieldReader) {
        file = reader.optionalFile("prompt_wav")
        base64 = reader.optionalString("prompt_audio_base64")
        speakerID = reader.optionalString("spk_id")
    }

    func prompt() throws(SynthesisError) -> SynthesisRequest.Prompt {
        if let file { return .file(file.data) }
        if let base64 {
            do {
                return .file(try Base64Audio.decode(base64))
            } catch {
                throw .invalidInput(field: "prompt_audio_base64", message: "prompt_audio_base64: \(error)")
            }
        }
        if let speakerID { return .speaker(speakerID) }
        throw .invalidInput(field: "prompt_audio_base64",
                            message: "no prompt voice: send prompt_audio_base64 (JSON), a prompt_wav file (multipart) or the spk_id of a cloned speaker")
    }
}
