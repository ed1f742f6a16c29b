import CSherpaOnnx
import Foundation

/// One sherpa-onnx offline TTS instance: a VITS model loaded into ONNX Runtime.
///
/// The only type that touches the sherpa-onnx C API. sherpa-onnx copies the config strings during create and
/// ONNX Runtime sessions accept concurrent runs, so one instance serves several generations at once (each on
/// its own thread).
final class SherpaOnnxSynthesizer: @unchecked Sendable {
    struct Settings: Sendable, Equatable {
        /// Path of an `.onnx` that has sherpa-onnx's required metadata (see `PiperModelCache`).
        var model: String
        var tokens: String
        var noiseScale: Float
        var noiseScaleW: Float
        /// Length scale used at speed 1 (1 = the trained rate, larger = slower).
        var lengthScale: Float
        /// ONNX Runtime intra-op threads per generation.
        var threads: Int
    }

    /// How a generation ended.
    enum Outcome: Sendable, Equatable {
        case completed
        /// `onSentence` returned false.
        case stopped
        case failed
    }

    let settings: Settings
    /// Output sample rate in Hz, as the model's metadata states it.
    let sampleRate: Int
    private let handle: OpaquePointer

    /// Loads the model. The caller must have validated the files: sherpa-onnx ends the process on a missing
    /// metadata key instead of returning an error.
    init(settings: Settings) throws {
        let tts: OpaquePointer? = settings.model.withCString { model in
            settings.tokens.withCString { tokens in
                "cpu".withCString { provider in
                    "".withCString { empty in
                        var config = SherpaOnnxOfflineTtsConfig()
                        config.model.vits.model = model
                        config.model.vits.tokens = tokens
                        config.model.vits.lexicon = empty
                        config.model.vits.data_dir = empty
                        config.model.vits.dict_dir = empty
                        config.model.vits.noise_scale = settings.noiseScale
                        config.model.vits.noise_scale_w = settings.noiseScaleW
                        config.model.vits.length_scale = settings.lengthScale
                        config.model.num_threads = Int32(max(1, settings.threads))
                        config.model.provider = provider
                        config.model.debug = 0
                        config.rule_fsts = empty
                        config.rule_fars = empty
                        // One sentence per callback: the callback is the streaming unit.
                        config.max_num_sentences = 1
                        config.silence_scale = 1
                        return SherpaOnnxCreateOfflineTts(&config)
                    }
                }
            }
        }
        guard let tts else { throw EngineError.unavailable("sherpa-onnx could not load \(settings.model)") }
        self.handle = tts
        self.settings = settings
        self.sampleRate = Int(SherpaOnnxOfflineTtsSampleRate(tts))
    }

    deinit {
        SherpaOnnxDestroyOfflineTts(handle)
    }

    /// Synthesises phonemized sentences, blocking the calling thread (up to about a second per sentence).
    ///
    /// - Parameters:
    ///   - sentences: IPA of each sentence as Unicode scalars; each must be non-empty.
    ///   - speed: rate multiplier; 1 keeps `settings.lengthScale`, otherwise the length scale is `1 / speed`.
    ///   - onSentence: gets a copy of each sentence's samples (in [-1, 1]) as soon as it is ready; returning
    ///     false stops generation before the next sentence.
    func generate(sentences: [[Unicode.Scalar]], speed: Float, onSentence: ([Float]) -> Bool) -> Outcome {
        let lengths = sentences.map { Int32($0.count) }
        guard !sentences.isEmpty, lengths.allSatisfy({ $0 > 0 }) else { return .completed }
        let codepoints = sentences.flatMap { $0.map { Int32(bitPattern: $0.value) } }

        return withoutActuallyEscaping(onSentence) { onSentence in
            let context = GenerationContext(onSentence: onSentence)
            let audio = codepoints.withUnsafeBufferPointer { codepoints in
                lengths.withUnsafeBufferPointer { lengths in
                    var config = SherpaOnnxGenerationConfig()
                    config.speed = speed
                    config.sid = 0
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
