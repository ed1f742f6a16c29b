import ArgumentParser
import AudioIO
import Engines
import Foundation
import Synthesis

/// `cosyvoice client rest|grpc`: the reference command-line clients (api.md §6) with the same flags, except
/// that the WAV is written at the rate the server reports instead of a hard-coded 22050 Hz.
struct ClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Call a running server like the reference clients do and save the audio as WAV.",
        subcommands: [ClientRESTCommand.self, ClientGRPCCommand.self]
    )
}

/// The CosyVoice inference modes, spelled as the reference clients' `--mode` values.
enum ClientMode: String, CaseIterable, ExpressibleByArgument {
    case sft
    case zeroShot = "zero_shot"
    case crossLingual = "cross_lingual"
    case instruct
    case instruct2

    /// True when the mode sends `--prompt_wav`.
    var sendsPrompt: Bool {
        switch self {
        case .zeroShot, .crossLingual, .instruct2: true
        case .sft, .instruct: false
        }
    }
}

/// The reference clients' flags and defaults, underscores included; `--port` differs per client and lives
/// in each subcommand.
struct ClientOptions: ParsableArguments {
    /// The prompt recording used when `--prompt_wav` is not given: the shared fixture beside the repository,
    /// found from the repository root. (The reference clients use `../../../asset/zero_shot_prompt.wav`,
    /// relative to their own folder.)
    static let defaultPromptWAV = "../shared/fixtures/zero_shot_prompt.wav"

    @Option(help: "Server host.")
    var host = "0.0.0.0"

    @Option(help: "Inference mode.")
    var mode: ClientMode = .sft

    @Option(name: .customLong("tts_text"), help: "Text to speak.")
    var ttsText = "你好，我是通义千问语音合成大模型，请问有什么可以帮您的吗？"

    @Option(name: .customLong("spk_id"), help: "Speaker id (sft, instruct).")
    var spkID = VoiceCatalog.defaultSpeakerID

    @Option(name: .customLong("prompt_text"), help: "Transcript of the prompt recording (zero_shot).")
    var promptText = "希望你以后能够做的比我还好呦。"

    @Option(name: .customLong("prompt_wav"), help: "Prompt recording (zero_shot, cross_lingual, instruct2); any format the server reads.")
    var promptWAV = ClientOptions.defaultPromptWAV

    @Option(name: .customLong("instruct_text"), help: "Instruction (instruct, instruct2).")
    var instructText = "Theo 'Crimson', is a fiery, passionate rebel leader. Fights with fervor for justice, but struggles with impulsiveness."

    @Option(name: .customLong("tts_wav"), help: "Output WAV file.")
    var ttsWAV = "demo.wav"

    func promptBytes() throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: promptWAV))
        } catch {
            throw ValidationError("cannot read --prompt_wav \(promptWAV): \(error.localizedDescription)")
        }
    }
}

/// The PCM a client receives, with progress on standard error while it arrives (only when that is a
/// terminal) and the WAV file at the end.
struct ReceivedAudio {
    /// Sample rate in Hz the server reported.
    let sampleRate: Int
    private(set) var pcm = Data()
    private(set) var messages = 0
    private let showsProgress = isatty(STDERR_FILENO) != 0

    init(sampleRate: Int) { self.sampleRate = sampleRate }

    /// The rate the reference clients assume; used only when a server (the reference one) reports none.
    static let fallbackSampleRate = RawPCMRate.referenceRate

    /// The server's reported rate in Hz, or ``fallbackSampleRate`` with a warning when `reported` (the value
    /// of `source`) is missing or malformed.
    static func sampleRate(reported: String?, source: String) -> Int {
        if let reported, let rate = Int(reported), rate > 0 { return rate }
        FileHandle.standardError.write(Data("warning: no valid \(source) from the server; assuming \(fallbackSampleRate) Hz\n".utf8))
        return fallbackSampleRate
    }

    /// Seconds of int16 mono audio received so far.
    var duration: Double { Double(pcm.count / 2) / Double(sampleRate) }

    mutating func append(_ bytes: Data) {
        pcm.append(bytes)
        messages += 1
        if showsProgress {
            FileHandle.standardError.write(Data(String(format: "\rreceived %d bytes, %.2f s of audio", pcm.count, duration).utf8))
        }
    }

    /// Writes the WAV and prints the one-line summary.
    func save(to path: String) throws {
        if showsProgress { FileHandle.standardError.write(Data("\n".utf8)) }
        let chunk = AudioChunk(samples: PCM16Encoder.floats(fromPCM16: pcm), sampleRate: sampleRate)
        try WAVEncoder.wav(chunk).write(to: URL(fileURLWithPath: path))
        print(String(format: "%@: %.2f s at %d Hz (%d bytes in %d messages)", path, duration, sampleRate, pcm.count, messages))
    }
}
