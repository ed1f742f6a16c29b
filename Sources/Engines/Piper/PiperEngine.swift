import AudioIO
import Foundation
import Logging
import TextFrontend

/// Neural speech with Piper (VITS) voices through sherpa-onnx; espeak-ng phonemizes.
///
/// Each segment is phonemized and synthesised on a thread of its own and streamed sentence by sentence.
/// One model instance per voice serves all requests; keep `threads` × concurrent requests ≤ cores.
///
/// Rate is native (VITS length scale). Pitch and volume are not: the synthesis service applies them.
///
/// Seeds: VITS draws Gaussian noise inside the ONNX graph (ONNX Runtime's `RandomNormalLike`, seeded from the
/// clock and advanced on every run of the session), scaled by `noise_scale` (prosody) and `noise_scale_w`
/// (durations). sherpa-onnx 2.0.1 exposes no seed for VITS, so the noise cannot be replayed. A request with a
/// seed (any value) is therefore synthesised by a second instance of the model whose noise scales are
/// effectively 0 (see `PiperVoiceModel.silentNoiseScale`): its samples are identical for identical text,
/// voice and rate, and the same for every seed value; it sounds a little flatter than the unseeded rendition.
/// Requests without a seed use the voice's trained noise scales and vary slightly from run to run.
public final class PiperEngine: SpeechEngine {
    /// ONNX Runtime threads per generation by default: 1, so that two requests run at once on two cores.
    public static let defaultThreads = 1
    /// ONNX Runtime threads of the second instance of each voice that a request alone on the server runs on
    /// (``CoreShare/all``): every core. Nil or no more than `threads` loads no second instance.
    public static var defaultWideThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

    public let name = EngineName.piper
    public let capabilities = EngineCapabilities(nativeRate: true, nativePitchRange: nil, deterministic: true)
    /// The voices that loaded, in the order given.
    public let voices: [Voice]
    /// Voices whose model failed to load.
    public let failures: [EngineError]

    let models: [String: PiperVoiceModel]
    private let observer: (@Sendable (GenerationEvent) -> Void)?

    /// What a generation thread did, for tests.
    enum GenerationEvent: Sendable, Equatable {
        /// sherpa-onnx delivered a sentence; `delivered` is false when the consumer had gone and the callback
        /// stopped generation.
        case sentence(index: Int, delivered: Bool)
        /// The generation thread finished.
        case finished
    }

    /// Loads every voice's model (≈ 1 s each), blocking the caller; from async code use `start`.
    ///
    /// - Parameters:
    ///   - voices: voices from `PiperVoices.scan`.
    ///   - threads: ONNX Runtime threads per generation.
    ///   - wideThreads: ONNX Runtime threads of the instance for requests alone on the server; nil for none.
    public convenience init(voices: [PreparedPiperVoice], threads: Int = PiperEngine.defaultThreads, wideThreads: Int? = nil,
                            logger: Logger) {
        self.init(voices: voices, threads: threads, wideThreads: wideThreads, logger: logger, observer: nil)
    }

    /// Scans `directories` for voices and loads them, on a thread of its own (scanning may copy models and
    /// loading takes ≈ 1 s per voice, which must not block the cooperative pool).
    ///
    /// - Returns: the engine and every voice that was skipped (scan and load failures).
    public static func start(directories: [URL], cacheDirectory: URL, threads: Int = PiperEngine.defaultThreads,
                             wideThreads: Int? = nil, logger: Logger) async -> (engine: PiperEngine, failures: [EngineError]) {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                let scan = PiperVoices.scan(directories: directories, cacheDirectory: cacheDirectory, logger: logger)
                let engine = PiperEngine(voices: scan.voices, threads: threads, wideThreads: wideThreads, logger: logger)
                continuation.resume(returning: (engine, scan.failures + engine.failures))
            }
            thread.name = "piper start"
            thread.start()
        }
    }

    init(voices: [PreparedPiperVoice], threads: Int, wideThreads: Int? = nil, logger: Logger,
         observer: (@Sendable (GenerationEvent) -> Void)?) {
        var models: [String: PiperVoiceModel] = [:]
        var loaded: [Voice] = []
        var failures: [EngineError] = []
        for voice in voices where models[voice.voice.name] == nil {
            do {
                let start = ContinuousClock.now
                models[voice.voice.name] = try PiperVoiceModel(voice: voice, threads: threads, wideThreads: wideThreads)
                loaded.append(voice.voice)
                logger.info("piper voice loaded", metadata: ["voice": "\(voice.voice.id)", "duration": "\(ContinuousClock.now - start)"])
            } catch {
                failures.append(.invalidVoice(path: voice.source.path, reason: "\(error)"))
                logger.error("piper voice failed to load", metadata: ["voice": "\(voice.voice.id)", "reason": "\(error)"])
            }
        }
        self.models = models
        self.voices = loaded
        self.failures = failures
        self.observer = observer
    }

    public func synthesize(_ segment: Segment, voice: Voice, controls: VoiceControls) -> AsyncThrowingStream<AudioChunk, any Error> {
        start(segment, voice: voice, controls: controls, reference: nil, cores: .own).chunks
    }

    public func start(_ segment: Segment, voice: Voice, controls: VoiceControls, reference: ReferencePrompt?, cores: CoreShare) -> EngineWork {
        guard let model = models[voice.name] else {
            let (stream, continuation) = AsyncThrowingStream<AudioChunk, any Error>.makeStream()
            continuation.finish(throwing: EngineError.synthesisFailed("piper has no voice \(voice.name)"))
            return EngineWork(stoppingPromptly: stream)
        }
        let observer = self.observer
        return GenerationThread.start(name: "piper \(voice.name)") { continuation, stop in
            Self.generate(segment, model: model, controls: controls, cores: cores, continuation: continuation, stop: stop, observer: observer)
            observer?(.finished)
        }
    }

    /// The IPA phonemes espeak-ng gives the model, one sentence after another.
    public func input(for segment: Segment, voice: Voice) -> String? {
        guard let model = models[voice.name], let sentences = try? model.phonemizer.sentences(for: segment.text) else { return nil }
        return sentences.map { String(String.UnicodeScalarView($0)) }.joined(separator: " ")
    }

    /// The whole job, on its own thread: phonemize, synthesise sentence by sentence, stream.
    private static func generate(_ segment: Segment, model: PiperVoiceModel, controls: VoiceControls, cores: CoreShare,
                                 continuation: AsyncThrowingStream<AudioChunk, any Error>.Continuation, stop: StopFlag,
                                 observer: (@Sendable (GenerationEvent) -> Void)?) {
        do {
            guard !stop.isSet else { return continuation.finish() }
            let sentences = model.phonemizer.modelInput(try model.phonemizer.sentences(for: segment.text))
            guard !sentences.isEmpty, !stop.isSet else { return continuation.finish() }
            let synthesizer = controls.seed != nil ? try model.noiselessSynthesizer()
                : cores == .all ? model.wideSynthesizer ?? model.synthesizer : model.synthesizer
            let sampleRate = synthesizer.sampleRate
            var index = 0
            let outcome = synthesizer.generate(sentences: sentences, speed: speed(for: controls.rate, lengthScale: model.voice.config.lengthScale)) { samples in
                defer { index += 1 }
                var delivered = !stop.isSet
                if delivered, case .terminated = continuation.yield(AudioChunk(samples: samples, sampleRate: sampleRate)) {
                    delivered = false
                }
                observer?(.sentence(index: index, delivered: delivered))
                return delivered
            }
            if outcome == .failed && !stop.isSet {
                throw EngineError.synthesisFailed("sherpa-onnx returned no audio for \(model.voice.voice.id)")
            }
            continuation.finish()
        } catch {
            continuation.finish(throwing: error)
        }
    }

    /// sherpa-onnx's `speed` for a rate multiplier. sherpa uses the configured length scale at speed 1 and
    /// `1 / speed` otherwise, so the voice's own length scale is folded in here.
    static func speed(for rate: Double, lengthScale: Float) -> Float {
        let rate = SherpaOnnxTTS.clampedRate(rate)
        guard rate != 1 else { return 1 }
        let speed = rate / lengthScale
        // Exactly 1 would select the configured length scale instead of 1 / speed.
        return speed == 1 ? Float(1).nextUp : speed
    }
}
