import Synchronization

/// One Piper voice loaded into sherpa-onnx, shared by every generation in that voice.
final class PiperVoiceModel: Sendable {
    let voice: LoadedPiperVoice
    let phonemizer: PiperPhonemizer
    /// The model with the voice's trained noise scales: natural variation, different on every run.
    let synthesizer: SherpaOnnxSynthesizer
    private let noiseless = Mutex<SherpaOnnxSynthesizer?>(nil)

    /// Loads the model (≈ 1 s for a medium voice). Validates the prepared files first: sherpa-onnx ends the
    /// process on a missing metadata key.
    init(voice: LoadedPiperVoice, threads: Int) throws {
        try PiperModelCache.validate(voice.files)
        self.voice = voice
        self.phonemizer = PiperPhonemizer(config: voice.config)
        self.synthesizer = try SherpaOnnxSynthesizer(settings: Self.settings(voice, threads: threads, noise: true))
    }

    /// A second instance of the model without noise, whose output depends only on the input; loaded on first
    /// use (≈ 1 s) because unseeded requests never need it.
    func noiselessSynthesizer() throws -> SherpaOnnxSynthesizer {
        try noiseless.withLock { instance in
            if let instance { return instance }
            let loaded = try SherpaOnnxSynthesizer(settings: Self.settings(voice, threads: synthesizer.settings.threads, noise: false))
            instance = loaded
            return loaded
        }
    }

    /// The smallest positive float (≈ 1.4e-45). sherpa-onnx's C API replaces a 0 noise scale with its default
    /// (0.667 / 0.8), so "no noise" must be non-zero; noise this small vanishes when added to the model's
    /// activations, which makes the output bit-identical from run to run.
    static let silentNoiseScale = Float.leastNonzeroMagnitude

    private static func settings(_ voice: LoadedPiperVoice, threads: Int, noise: Bool) -> SherpaOnnxSynthesizer.Settings {
        SherpaOnnxSynthesizer.Settings(
            model: voice.files.model.path,
            tokens: voice.files.tokens.path,
            noiseScale: noise ? voice.config.noiseScale : silentNoiseScale,
            noiseScaleW: noise ? voice.config.noiseScaleW : silentNoiseScale,
            lengthScale: voice.config.lengthScale,
            threads: threads
        )
    }
}
