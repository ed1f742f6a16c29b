import AudioIO
import Foundation

/// One synthesis request, decoded from any surface (JSON, form, gRPC, CLI) into this one shape.
public struct SynthesisRequest: Sendable {
    /// The CosyVoice inference mode and its mode-specific inputs.
    public enum Mode: Sendable {
        /// A preset (or cloned) speaker.
        case sft(speakerID: String)
        /// Voice from a prompt recording with its transcript.
        case zeroShot(promptText: String, prompt: Prompt)
        /// Voice from a prompt recording in any language; the text's language decides what is spoken.
        case crossLingual(prompt: Prompt)
        /// A speaker steered by a natural-language instruction.
        case instruct(speakerID: String, instruction: String)
        /// A prompt voice steered by a natural-language instruction.
        case instruct2(instruction: String, prompt: Prompt)

        /// CosyVoice's name for the mode, as logs and metrics label it.
        public var name: String {
            switch self {
            case .sft: "sft"
            case .zeroShot: "zero_shot"
            case .crossLingual: "cross_lingual"
            case .instruct: "instruct"
            case .instruct2: "instruct2"
            }
        }
    }

    /// Where a prompt voice comes from.
    public enum Prompt: Sendable {
        /// An audio file's bytes (WAV, FLAC, OGG, MP3…), sniffed from content.
        case file(Data)
        /// Raw int16 little-endian mono PCM at `sampleRate` Hz, no header (gRPC's `prompt_audio`).
        case pcm16(Data, sampleRate: Int)
        /// A cloned speaker's stored prompt.
        case speaker(String)
    }

    public var mode: Mode
    /// Text to speak; may contain CosyVoice control tags.
    public var text: String
    /// Speaking-rate multiplier, 0.5–2.0 (the dialect may allow more).
    public var speed: Double
    /// > 0: output is a deterministic function of (input, seed, voice). ≤ 0: unseeded.
    public var seed: Int
    /// True: audio leaves segment by segment, with a short first segment for low first-audio latency.
    public var stream: Bool
    /// Output sample rate in Hz (8000–48000); nil = the voice's native rate. The format may raise it to the
    /// next rate it can carry (MP3).
    public var sampleRate: Int?
    /// The encoding the surface will send; its sample rates are an input to planning, so the stream arrives
    /// at the wire rate and nothing after it resamples.
    public var format: AudioFormat
    /// When the request arrived: its deadline (`Limits.requestTimeout`) counts from here.
    public var received: ContinuousClock.Instant
    /// The API dialect it came in, for its text and speed limits and the names in messages.
    public var dialect = RequestDialect.cosyVoice

    public init(mode: Mode, text: String, speed: Double = 1, seed: Int = 0, stream: Bool = false, sampleRate: Int? = nil,
                format: AudioFormat = .pcm, received: ContinuousClock.Instant = .now) {
        self.mode = mode
        self.text = text
        self.speed = speed
        self.seed = seed
        self.stream = stream
        self.sampleRate = sampleRate
        self.format = format
        self.received = received
    }
}
