import CSherpaOnnx
import Foundation

/// One sherpa-onnx offline TTS instance: a VITS model (Piper voices), a Matcha-style acoustic model with
/// a vocoder (the Mandarin voice) or a Kokoro model with its voice packs (the Japanese voices), loaded into ONNX
/// Runtime.
///
/// The only type that touches the sherpa-onnx C API. sherpa-onnx copies the config strings during create and
/// ONNX Runtime sessions accept concurrent runs, so one instance serves several generations at once (each on
/// its own thread). Input always travels as Unicode code points per sentence: IPA for Piper voices,
/// private-use code points standing for token ids for the Mandarin voice.
final class SherpaOnnxTTS: @unchecked Sendable {
    /// The model files and the settings fixed at load time.
    enum Model: Sendable, Equatable {
        /// A VITS model with sherpa-onnx's required metadata (see `PiperModelCache`). Noise scales and the
        /// length scale at speed 1 come from the voice's `.onnx.json`.
        case vits(model: String, tokens: String, noiseScale: Float, noiseScaleW: Float, lengthScale: Float)
        /// An acoustic model with sherpa-onnx's Matcha inputs and metadata plus its vocoder (made by
        /// scripts/mandarin/convert.py; the adapted graph reads the noise scale as its F0-range factor, so it
        /// stays 1).
        case matcha(acousticModel: String, vocoder: String, tokens: String)
        /// A Kokoro model with sherpa-onnx's metadata and its voice packs (`voices.bin`, one row per speaker id),
        /// made by scripts/setup-kokoro-voice.
        case kokoro(model: String, voices: String, tokens: String)

        /// The file that identifies the model in messages.
        var path: String {
            switch self {
            case .vits(let model, _, _, _, _): model
            case .matcha(let acousticModel, _, _): acousticModel
            case .kokoro(let model, _, _): model
            }
        }
    }

    /// How a generation ended.
    enum Outcome: Sendable, Equatable {
        case completed
        /// `onSentence` returned false.
        case stopped
        case failed
    }

    let model: Model
    /// ONNX Runtime intra-op threads per generation.
    let threads: Int
    /// Output sample rate in Hz, as the model's metadata states it.
    let sampleRate: Int
    private let handle: OpaquePointer

    /// Loads the model. The caller must have validated the files: sherpa-onnx ends the process on a missing
    /// metadata key instead of returning an error.
    init(model: Model, threads: Int) throws {
        // Every string the config points to must outlive create; the nested closures keep them alive.
        func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>]) -> R) -> R {
            guard let first = strings.first else { return body([]) }
            return first.withCString { pointer in withCStrings(Array(strings.dropFirst())) { body([pointer] + $0) } }
        }
        let tts: OpaquePointer? = withCStrings(["cpu", ""]) { common in
            let (provider, empty) = (common[0], common[1])
            var config = SherpaOnnxOfflineTtsConfig()
            config.model.num_threads = Int32(max(1, threads))
            config.model.provider = provider
            config.model.debug = 0
            config.rule_fsts = empty
            config.rule_fars = empty
            // One sentence per callback: the callback is the streaming unit.
            config.max_num_sentences = 1
            config.silence_scale = 1
            switch model {
            case .vits(let path, let tokens, let noiseScale, let noiseScaleW, let lengthScale):
                return withCStrings([path, tokens]) { files in
                    config.model.vits.model = files[0]
                    config.model.vits.tokens = files[1]
                    config.model.vits.lexicon = empty
                    config.model.vits.data_dir = empty
                    config.model.vits.dict_dir = empty
                    config.model.vits.noise_scale = noiseScale
                    config.model.vits.noise_scale_w = noiseScaleW
                    config.model.vits.length_scale = lengthScale
                    return SherpaOnnxCreateOfflineTts(&config)
                }
            case .matcha(let acousticModel, let vocoder, let tokens):
                return withCStrings([acousticModel, vocoder, tokens]) { files in
                    config.model.matcha.acoustic_model = files[0]
                    config.model.matcha.vocoder = files[1]
                    config.model.matcha.tokens = files[2]
                    config.model.matcha.lexicon = empty
                    config.model.matcha.data_dir = empty
                    config.model.matcha.dict_dir = empty
                    config.model.matcha.noise_scale = 1
                    config.model.matcha.length_scale = 1
                    return SherpaOnnxCreateOfflineTts(&config)
                }
            case .kokoro(let model, let voices, let tokens):
                return withCStrings([model, voices, tokens]) { files in
                    config.model.kokoro.model = files[0]
                    config.model.kokoro.voices = files[1]
                    config.model.kokoro.tokens = files[2]
                    config.model.kokoro.data_dir = empty
                    config.model.kokoro.dict_dir = empty
                    config.model.kokoro.lexicon = empty
                    config.model.kokoro.lang = empty
                    config.model.kokoro.length_scale = 1
                    return SherpaOnnxCreateOfflineTts(&config)
                }
            }
        }
        guard let tts else { throw EngineError.unavailable("sherpa-onnx could not load \(model.path)") }
        self.handle = tts
        self.model = model
        self.threads = threads
        self.sampleRate = Int(SherpaOnnxOfflineTtsSampleRate(tts))
    }

    deinit {
        SherpaOnnxDestroyOfflineTts(handle)
    }

    /// Synthesises phonemized sentences, blocking the calling thread (up to about a second per sentence).
    ///
    /// - Parameters:
    ///   - sentences: each sentence as Unicode scalars (IPA, or token code points); each must be non-empty.
    ///   - speed: rate multiplier; 1 keeps the model's length scale, otherwise the length scale is `1 / speed`.
    ///   - speaker: the speaker id of a multi-speaker model (a Kokoro voice pack's row).
    ///   - onSentence: gets a copy of each sentence's samples (in [-1, 1]) as soon as it is ready; returning
    ///     false stops generation before the next sentence.
    func generate(sentences: [[Unicode.Scalar]], speed: Float, speaker: Int = 0, onSentence: ([Float]) -> Bool) -> Outcome {
        let lengths = sentences.map { Int32($0.count) }
        guard !sentences.isEmpty, lengths.allSatisfy({ $0 > 0 }) else { return .completed }
        let codepoints = sentences.flatMap { $0.map { Int32(bitPattern: $0.value) } }

        return withoutActuallyEscaping(onSentence) { onSentence in
            let context = GenerationContext(onSentence: onSentence)
            let audio = codepoints.withUnsafeBufferPointer { codepoints in
                lengths.withUnsafeBufferPointer { lengths in
                    var config = SherpaOnnxGenerationConfig()
                    config.speed = speed
                    config.sid = Int32(speaker)
                    config.silence_scale = 1
                    config.phoneme_codepoints = codepoints.baseAddress
                    config.phoneme_codepoints_lens = lengths.baseAddress
                    config.phoneme_codepoints_num_sentences = Int32(lengths.count)
                    return withExtendedLifetime(context) {
                        SherpaOnnxOfflineTtsGenerateWithConfig(handle, "", &config, sentenceCallback,
                                                              Unmanaged.passUnretained(context).toOpaque())
                    }
                }
            }
            guard let audio else { return context.stopped ? .stopped : .failed }
            SherpaOnnxDestroyOfflineTtsGeneratedAudio(audio)
            return context.stopped ? .stopped : .completed
        }
    }
}

/// The Swift side of one generation, reached from the C callback through its `arg` pointer. Used only on
/// the generating thread.
private final class GenerationContext {
    let onSentence: ([Float]) -> Bool
    var stopped = false

    init(onSentence: @escaping ([Float]) -> Bool) { self.onSentence = onSentence }
}

/// sherpa-onnx's progress callback: copies the samples out (the pointer is valid only during the call) and
/// returns 0 to stop generation.
private func sentenceCallback(_ samples: UnsafePointer<Float>?, _ count: Int32, _ progress: Float, _ arg: UnsafeMutableRawPointer?) -> Int32 {
    guard let arg else { return 0 }
    let context = Unmanaged<GenerationContext>.fromOpaque(arg).takeUnretainedValue()
    let copy = samples.map { Array(UnsafeBufferPointer(start: $0, count: Int(max(0, count)))) } ?? []
    if context.onSentence(copy) { return 1 }
    context.stopped = true
    return 0
}

extension SherpaOnnxTTS {
    /// Rate multipliers the neural voices render, e.g. 0.25–4: beyond them the models garble speech.
    static let rateRange: ClosedRange<Double> = 0.25...4

    /// `rate` within ``rateRange``, as the model's speed factor.
    static func clampedRate(_ rate: Double) -> Float {
        Float(min(max(rate, rateRange.lowerBound), rateRange.upperBound))
    }
}
