import AudioIO
import TextFrontend

/// A speech engine turns one segment of text into audio in one of its voices.
///
/// Engines never block the cooperative thread pool: blocking C calls run on threads the engine owns and the
/// audio crosses back through the returned stream. Ending iteration of the stream (or cancelling the task
/// that iterates it) stops the engine work within one chunk.
public protocol SpeechEngine: Sendable {
    /// Stable name used in logs and voice ids (e.g. `.espeak`, `.piper`).
    var name: EngineName { get }
    /// What the engine can do natively; the synthesis service post-processes the rest.
    var capabilities: EngineCapabilities { get }
    /// Synthesises `segment` with `voice`. Chunks arrive as the engine produces them, at `voice.sampleRate`.
    func synthesize(_ segment: Segment, voice: Voice, controls: VoiceControls) -> AsyncThrowingStream<AudioChunk, any Error>
    /// Synthesises `segment` copying the voice of `reference` (cloning engines; see the default below).
    func synthesize(_ segment: Segment, voice: Voice, controls: VoiceControls, reference: ReferencePrompt) -> AsyncThrowingStream<AudioChunk, any Error>
    /// Starts `segment` on `cores` and tells when the engine is done with it (see ``EngineWork``); the
    /// synthesis service uses this. The default wraps `synthesize` for engines that stop as soon as their
    /// stream ends, and runs on the engine's own threads whatever `cores` says.
    func start(_ segment: Segment, voice: Voice, controls: VoiceControls, reference: ReferencePrompt?, cores: CoreShare) -> EngineWork
    /// What the engine's model reads for `segment`: phonemes or toned pinyin where it takes them, nil where the
    /// engine reads the text itself (the default). For tools (`cosyvoice frontend`); it may block briefly.
    func input(for segment: Segment, voice: Voice) -> String?
}

/// Native abilities of an engine. What an engine cannot do the synthesis service does in post-processing;
/// output level is always set there, so that it is exact whatever the engine.
public struct EngineCapabilities: Sendable, Equatable {
    /// Speaking rate is a native parameter (no time-stretching needed).
    public var nativeRate: Bool
    /// Pitch shifts, in semitones, the engine renders natively; nil when it has no pitch control. The
    /// synthesis service shifts whatever lies outside this range in post-processing.
    public var nativePitchRange: ClosedRange<Double>?
    /// Output is a deterministic function of input, voice and seed.
    public var deterministic: Bool
    /// The engine takes prompt audio and its transcript and copies the voice itself (a cloning engine).
    public var acceptsReferenceAudio: Bool
    /// The sample rate the engine wants reference audio at; the synthesis service resamples a prompt once, on
    /// a thread of its own, rather than the engine for every segment. Nil: any rate.
    public var referenceSampleRate: Int?
    /// The engine runs on another machine (an inference server): its segments take no local engine slot, and
    /// the next segment is requested while the current one streams.
    public var remote: Bool

    public init(nativeRate: Bool, nativePitchRange: ClosedRange<Double>?, deterministic: Bool, acceptsReferenceAudio: Bool = false,
                referenceSampleRate: Int? = nil, remote: Bool = false) {
        self.nativeRate = nativeRate
        self.nativePitchRange = nativePitchRange
        self.deterministic = deterministic
        self.acceptsReferenceAudio = acceptsReferenceAudio
        self.referenceSampleRate = referenceSampleRate
        self.remote = remote
    }
}

/// A prompt recording handed to an engine that copies voices itself (`acceptsReferenceAudio`).
public struct ReferencePrompt: Sendable, Equatable {
    /// The prompt audio, mono, at its own sample rate.
    public var audio: AudioChunk
    /// What the prompt says; nil when unknown (cross-lingual, instruct2).
    public var transcript: String?

    public init(audio: AudioChunk, transcript: String?) {
        self.audio = audio
        self.transcript = transcript
    }
}

extension SpeechEngine {
    /// Synthesises `segment` in the voice of `reference`. Only engines with `acceptsReferenceAudio` use the
    /// reference; the default ignores it.
    public func synthesize(_ segment: Segment, voice: Voice, controls: VoiceControls, reference: ReferencePrompt) -> AsyncThrowingStream<AudioChunk, any Error> {
        synthesize(segment, voice: voice, controls: controls)
    }

    public func input(for segment: Segment, voice: Voice) -> String? { nil }

    public func start(_ segment: Segment, voice: Voice, controls: VoiceControls, reference: ReferencePrompt?, cores: CoreShare) -> EngineWork {
        if let reference { return EngineWork(stoppingPromptly: synthesize(segment, voice: voice, controls: controls, reference: reference)) }
        return EngineWork(stoppingPromptly: synthesize(segment, voice: voice, controls: controls))
    }
}
