import ArgumentParser
import Engines
import Foundation
import Logging
import Server
import Synthesis
import TextFrontend

/// Prints what synthesis would speak for a text: the segments `SynthesisService.prepare` makes, computed by
/// the same code, each with its normalised text, language, voice and engine input.
struct FrontendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frontend",
        abstract: "Show the segments synthesis would speak for a text: normalised text, language, voice and engine input."
    )

    enum Mode: String, ExpressibleByArgument, CaseIterable {
        case sft, zero_shot, cross_lingual, instruct, instruct2
    }

    @Argument(help: "Text (CosyVoice control tags allowed).")
    var text: String

    @Flag(help: "Print JSON: {\"segments\": [{\"text\", \"language\", \"voice\", \"input\", \"first\"}, …]}.")
    var json = false

    @Option(help: "Speaker id (see `cosyvoice voices`).")
    var speaker = VoiceCatalog.defaultSpeakerID

    @Option(help: "Inference mode: \(Mode.allCases.map(\.rawValue).joined(separator: ", ")).")
    var mode: Mode = .sft

    @Option(help: "Instruction text (instruct and instruct2 modes).")
    var instruct: String?

    @Option(help: "Prompt recording (zero_shot, cross_lingual and instruct2 modes).")
    var promptWav: String?

    @Option(help: "Transcript of the prompt recording (zero_shot mode).")
    var promptText: String?

    @Flag(inversion: .prefixedNo, help: "Plan a streamed request, whose first segment is cut short.")
    var stream = true

    @OptionGroup var voiceOptions: VoiceOptions

    func run() async throws {
        var configuration = ServerConfiguration()
        try voiceOptions.apply(to: &configuration)
        let logger = Logger(label: "cosyvoice.frontend") { _ in SwiftLogNoOpLogHandler() }
        let service = try await ServiceLoader.load(configuration, logger: logger)
        if await service.frontend.grammars?.load().isLoaded != true {
            FileHandle.standardError.write(Data("note: text normalisation grammars not found in \(configuration.grammarsDirectory.path) (run scripts/setup); built-in rules used\n".utf8))
        }
        let request = SynthesisRequest(mode: try requestMode(), text: text, stream: stream)
        let planned: [PlannedSegment]
        do {
            planned = try await service.plannedSegments(for: request)
        } catch {
            throw ValidationError(error.description)
        }
        if json {
            let segments = planned.map { plan in
                Output.Segment(text: plan.segment.text, language: plan.segment.language.rawValue, voice: plan.voiceID,
                               input: plan.input, first: plan.first)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(Output(segments: segments)), as: UTF8.self))
        } else {
            for (index, plan) in planned.enumerated() {
                let mark = plan.first ? " (first, cut short)" : ""
                print("\(index + 1). [\(plan.segment.language.rawValue)] \(plan.voiceID)\(mark)")
                print("   text:  \(plan.segment.text)")
                if let input = plan.input { print("   input: \(input)") }
            }
        }
    }

    private func requestMode() throws -> SynthesisRequest.Mode {
        func prompt() throws -> SynthesisRequest.Prompt {
            guard let promptWav else { throw ValidationError("--mode \(mode.rawValue) needs --prompt-wav") }
            return .file(try Data(contentsOf: URL(fileURLWithPath: promptWav)))
        }
        func instruction() throws -> String {
            guard let instruct else { throw ValidationError("--mode \(mode.rawValue) needs --instruct") }
            return instruct
        }
        switch mode {
        case .sft: return .sft(speakerID: speaker)
        case .zero_shot:
            guard let promptText else { throw ValidationError("--mode zero_shot needs --prompt-text") }
            return .zeroShot(promptText: promptText, prompt: try prompt())
        case .cross_lingual: return .crossLingual(prompt: try prompt())
        case .instruct: return .instruct(speakerID: speaker, instruction: try instruction())
        case .instruct2: return .instruct2(instruction: try instruction(), prompt: try prompt())
        }
    }

    /// The JSON shape: `{"segments": [{"text", "language", "voice", "input", "first"}, …]}`.
    struct Output: Encodable {
        struct Segment: Encodable {
            var text: String
            var language: String
            var voice: String
            var input: String?
            var first: Bool

            /// Every key always present: `input` is null where the engine reads the text itself.
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(text, forKey: .text)
                try container.encode(language, forKey: .language)
                try container.encode(voice, forKey: .voice)
                try container.encode(input, forKey: .input)
                try container.encode(first, forKey: .first)
            }

            enum CodingKeys: String, CodingKey { case text, language, voice, input, first }
        }

        var segments: [Segment]
    }
}
