/// Which engine speaks a voice: the first part of a voice id (`piper:en_US-joe-medium`), and the key the
/// catalog finds the engine by.
public struct EngineName: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public var description: String { rawValue }

    /// espeak-ng, the formant synthesiser every language falls back to.
    public static let espeak: EngineName = "espeak"
    /// Piper voices through sherpa-onnx.
    public static let piper: EngineName = "piper"
    /// The FastSpeech2 + MB-MelGAN Mandarin voice through sherpa-onnx.
    public static let mandarin: EngineName = "mandarin"
    /// Kokoro-82M's Japanese voices through sherpa-onnx.
    public static let kokoro: EngineName = "kokoro"
}
