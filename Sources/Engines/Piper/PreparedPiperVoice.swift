import Foundation

/// A Piper voice found on disk and prepared for sherpa-onnx (its model is not loaded yet).
public struct PreparedPiperVoice: Sendable, Equatable {
    /// The voice as the catalog lists it (`piper:<file name without .onnx>`).
    public let voice: Voice
    /// The installed `.onnx` (never written to).
    public let source: URL
    let config: PiperVoiceConfig
    let files: PiperModelFiles
}
