import CSherpaOnnx
import Foundation

/// One sherpa-onnx offline TTS instance on its Matcha path: an acoustic model (text ids → mel) and a vocoder
/// (mel → waveform), loaded into ONNX Runtime.
///
/// The only type of the Mandarin engine that touches the sherpa-onnx C API. Token ids travel as private-use
/// code points (U+E000 + id), which the voice's tokens.txt maps back to ids, so no strings cross the boundary
/// per call. ONNX Runtime sessions accept concurrent runs, so one instance serves several generations at once.
final class MatchaSynthesizer: @unchecked Sendable {
    struct Settings: Sendable, Equatable {
        /// Acoustic model with sherpa-onnx's Matcha inputs and metadata (made by scripts/mandarin/convert.py).
        var acousticModel: String
        var vocoder: String
        /// `<code point> <id>` lines.
        var tokens: String
        /// ONNX Runtime intra-op threads per generation.
        var threads: Int
    }

    /// First private-use code point: token id `n` is sent as U+E000 + n.
    static let tokenCodePointBase: Int32 = 0xE000

    let settings: Settings
    /// Output sample rate in Hz, as the models' metadata states it (24000).
    let sampleRate: Int
    private let handle: OpaquePointer

    /// Loads both models. The caller must have validated the files: sherpa-onnx ends the process on a missing
    /// metadata key instead of returning an error.
    init(settings: Settings) throws {
        let tts: OpaquePointer? = settings.acousticModel.withCString { acoustic in
            settings.vocoder.withCString { vocoder in
                settings.tokens.withCString { tokens in
                    "cpu".withCString { provider in
                        "".withCString { empty in
                            var config = SherpaOnnxOfflineTtsConfig()
                            config.model.matcha.acoustic_model = acoustic
                            config.model.matcha.vocoder = vocoder
                            config.model.matcha.tokens = tokens
                            config.model.matcha.lexicon = empty
                            config.model.matcha.data_dir = empty
                            config.model.matcha.dict_dir = empty
                            // The adapted graph reads noise_scale as the F0-range factor and length_scale as the
                            // duration factor; 1 keeps the voice as trained.
                            config.model.matcha.noise_scale = 1
                            config.model.matcha.length_scale = 1
                            config.model.num_threads = Int32(max(1, settings.threads))
                            config.model.provider = provider
                            config.model.debug = 0
                            config.rule_fsts = empty
                            config.rule_fars = empty
                            config.max_num_sentences = 1
                            config.silence_scale = 1
                            return SherpaOnnxCreateOfflineTts(&config)
                        }
                    }
                }
            }
        }
        guard let tts else { throw EngineError.unavailable("sherpa-onnx could not load \(settings.acousticModel)") }
        self.handle = tts
        self.settings = settings
        self.sampleRate = Int(SherpaOnnxOfflineTtsSampleRate(tts))
    }

    deinit {
        SherpaOnnxDestroyOfflineTts(handle)
    }

    /// Synthesises one utterance, blocking the calling thread (about 0.05 s per second of speech).
    ///
    /// - Parameters:
    ///   - ids: token ids of the utterance; must be non-empty.
    ///   - speed: rate multiplier (2 = twice as fast); sherpa-onnx passes `1 / speed` as the length scale.
    /// - Returns: samples in [-1, 1], or nil when sherpa-onnx produced nothing.
    func generate(ids: [Int], speed: Float) -> [Float]? {
        guard !ids.isEmpty else { return [] }
        let codepoints = ids.map { Self.tokenCodePointBase + Int32($0) }
        var length = Int32(codepoints.count)
        let audio = codepoints.withUnsafeBufferPointer { codepoints in
            withUnsafePointer(to: &length) { length in
                var config = SherpaOnnxGenerationConfig()
                config.speed = speed
                config.sid = 0
                config.silence_scale = 1
                config.phoneme_codepoints = codepoints.baseAddress
                config.phoneme_codepoints_lens = length
                config.phoneme_codepoints_num_sentences = 1
                return SherpaOnnxOfflineTtsGenerateWithConfig(handle, "", &config, nil, nil)
            }
        }
        guard let audio else { return nil }
        defer { SherpaOnnxDestroyOfflineTtsGeneratedAudio(audio) }
        guard let samples = audio.pointee.samples, audio.pointee.n > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: samples, count: Int(audio.pointee.n)))
    }
}
