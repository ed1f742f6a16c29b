import Foundation

/// What an instruction text asks for, as far as the server can honour it (frontend.md §3). Every field is
/// optional: nil means the instruction did not mention it.
public struct InstructControls: Sendable, Equatable, Codable {
    /// Speaking-rate multiplier: 0.7 very slow, 0.85 slow, 0.92 slightly slow, 1.1 slightly fast, 1.2 fast,
    /// 1.4 very fast.
    public var rate: Double?
    /// Pitch shift in semitones: -4 deep, -3 low, +3 high.
    public var pitch: Double?
    /// Pitch-range multiplier (1 = unchanged).
    public var pitchRange: Double?
    /// Volume change in dB: +6 loud, +4 a bit louder, -6 soft, -10 whisper.
    public var volume: Double?
    public var emotion: Emotion?
    public var gender: Gender?
    /// Language of the voice to use (a dialect we lack maps to Mandarin, see `dialectNote`).
    public var language: Language?
    /// English, for logs and the `X-Instruct-Controls` header: why a requested dialect was not honoured,
    /// e.g. "Sichuanese is not available; speaking Mandarin".
    public var dialectNote: String?

    public init(
        rate: Double? = nil, pitch: Double? = nil, pitchRange: Double? = nil, volume: Double? = nil,
        emotion: Emotion? = nil, gender: Gender? = nil, language: Language? = nil, dialectNote: String? = nil
    ) {
        self.rate = rate
        self.pitch = pitch
        self.pitchRange = pitchRange
        self.volume = volume
        self.emotion = emotion
        self.gender = gender
        self.language = language
        self.dialectNote = dialectNote
    }

    /// True when the instruction yielded nothing the server can honour.
    public var isEmpty: Bool { self == InstructControls() }

    /// The controls with the emotion's preset filling in rate, pitch, range and volume the instruction did
    /// not set itself (explicit values win: "sad but fast" is fast).
    public func applyingEmotionPreset() -> InstructControls {
        guard let preset = emotion?.preset else { return self }
        var controls = self
        controls.rate = rate ?? preset.rate
        controls.pitch = pitch ?? preset.pitch
        controls.pitchRange = pitchRange ?? preset.pitchRange
        controls.volume = volume ?? preset.volume
        return controls
    }

    /// The prosody to render: explicit values, then the emotion preset, then neutral.
    public var effective: Prosody {
        let controls = applyingEmotionPreset()
        return Prosody(
            rate: controls.rate ?? Prosody.neutral.rate,
            pitch: controls.pitch ?? Prosody.neutral.pitch,
            pitchRange: controls.pitchRange ?? Prosody.neutral.pitchRange,
            volume: controls.volume ?? Prosody.neutral.volume
        )
    }

    /// Compact JSON with sorted keys and nil fields omitted: `{"emotion":"happy","rate":0.7}`. With
    /// `asciiOnly` (the default, for the `X-Instruct-Controls` header and gRPC metadata, which carry ASCII)
    /// anything else is \u-escaped; log lines take it unescaped, since the log handlers escape on their own.
    public func jsonString(asciiOnly: Bool = true) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self), let json = String(data: data, encoding: .utf8) else { return "{}" }
        guard asciiOnly else { return json }
        var ascii = ""
        for unit in json.utf16 {
            if unit < 0x80 {
                ascii.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            } else {
                ascii += "\\u" + String(repeating: "0", count: 4 - String(unit, radix: 16).count) + String(unit, radix: 16)
            }
        }
        return ascii
    }
}
