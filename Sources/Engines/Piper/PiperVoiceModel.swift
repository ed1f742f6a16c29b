import Synchronization

/// One Piper voice loaded into sherpa-onnx, shared by every generation in that voice.
final class PiperVoiceModel: Sendable {
    let voice: PreparedPiperVoice
    let phonemizer: PiperPhonemizer
    /// The model with the voice's trained noise scales: natural variation, different on every run.
    let synthesizer: SherpaOnnxTTS
    /// The same model with more ONNX Runtime threads, for a request alone on the server; nil when not loaded.
    let wideSynthesizer: SherpaOnnxTTS?
    private let noiseless = Mutex<SherpaOnnxTTS?>(nil)

    /// Loads the model (≈ 1 s for a medium voice). Validates the prepared files first: sherpa-onnx ends the
    /// process on a missing metadata key.
    /// `wideThreads` above `threads` loads a second instance with that many threads (another ≈ 1 s).
    init(voice: PreparedPiperVoice, threads: Int, wideThreads: Int? = nil) throws {
        try PiperModelCache.validate(voice.files)
        self.voice = voice
        self.phonemizer = PiperPhonemizer(config: voice.config)
        self.synthesizer = try SherpaOnnxTTS(model: Self.model(voice, noise: true), threads: threads)
        self.wideSynthesizer = try wideThreads.flatMap { wide in
            wide > threads ? try SherpaOnnxTTS(model: Self.model(voice, noise: true), threads: wide) : nil
        }
    }

    /// A second instance of the model without noise, whose output depends only on the input; loaded on first
    /// use (≈ 1 s) because unseeded requests never need it.
    func noiselessSynthesizer() throws -> SherpaOnnxTTS {
        try noiseless.withLock { instance in
            if let instance { return instance }
            let loaded = try SherpaOnnxTTS(model: Self.model(voice, noise: false), threads: synthesizer.threads)
            instance = loaded
            return loaded
        }
    }

    /// The smallest positive float (≈ 1.4e-45). sherpa-onnx's C API replaces a 0 noise scale with its default
    /// (0.667 / 0.8), so "no noise" must be non-zero; noise this small vanishes when added to the model's
    /// activations, which makes the output bit-identical from run to run.
    static let silentNoiseScale = Float.leastNonzeroMagnitude

    private static func model(_ voice: PreparedPiperVoice, noise: Bool) -> SherpaOnnxTTS.Model {
        .vits(model: voice.files.model.path, tokens: voice.files.tokens.path,
              noiseScale: noise ? voice.config.noiseScale : silentNoiseScale,
              noiseScaleW: noise ? voice.config.noiseScaleW : silentNoiseScale,
              lengthScale: voice.config.lengthScale)
    }
}
