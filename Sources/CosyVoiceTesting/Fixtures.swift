import AudioIO
import Foundation

/// The shared fixtures beside the repository (`../shared/fixtures`), found once from this file's path.
public enum Fixtures {
    /// The fixtures folder.
    public static let directory: URL = {
        // Resolve symlinks first: the package may be linked into a development checkout elsewhere.
        let file = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        let repository = file.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repository.appendingPathComponent("../shared/fixtures").standardizedFileURL
    }()

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
