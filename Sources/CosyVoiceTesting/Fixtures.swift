import AudioIO
import Foundation

/// The shared fixtures beside the repository (`../shared/fixtures`) and the repository's own test inputs,
/// found once from this file's path.
public enum Fixtures {
    /// The repository's root folder.
    public static let repository: URL = {
        // Resolve symlinks first: the package may be linked into a development checkout elsewhere.
        let file = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        return file.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    /// The fixtures folder.
    public static let directory = repository.appendingPathComponent("../shared/fixtures").standardizedFileURL

    /// Every input a fuzzer ever crashed on, one folder per harness (`Fuzz/crashers/<harness>`).
    public static let crashers = repository.appendingPathComponent("Fuzz/crashers")

    /// The real 3.5 s female Mandarin prompt recording (24 kHz float WAV), transcript ``promptText``.
    public static let promptURL = directory.appendingPathComponent("zero_shot_prompt.wav")

    /// The prompt file's bytes, as a client uploads them.
    public static let promptWAV: Data = {
        guard let data = try? Data(contentsOf: promptURL) else { preconditionFailure("missing fixture \(promptURL.path)") }
        return data
    }()

    /// What the prompt says.
    public static let promptText = "希望你以后能够做的比我还好呦。"

    /// The prompt decoded, at its own rate.
    public static let promptAudio: AudioChunk = {
        guard let audio = try? AudioDecoder.decode(promptWAV) else { preconditionFailure("undecodable fixture \(promptURL.path)") }
        return audio
    }()

    /// The prompt as gRPC `prompt_audio`: raw int16 LE mono at 16 kHz.
    public static let promptPCM16: Data = PCM16Encoder.pcm16(Resampler.resample(promptAudio, to: PromptRules.rawPCMSampleRate).samples)
}
