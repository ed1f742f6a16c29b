import AudioIO
import TextFrontend

/// A speech engine turns one segment of text into audio in one of its voices.
///
/// Engines never block the cooperative thread pool: blocking C calls run on threads the engine owns and the
/// audio crosses back through the returned stream. Ending iteration of the stream (or cancelling the task
/// that iterates it) stops the engine work within one chunk.
public protocol SpeechEngine: Sendable {
    /// Stable name used in logs and voice ids (e.g. "espeak", "piper").
    var name: String { get }
    /// What the engine can do natively; the synthesis service post-processes the rest.
    var capabilities: EngineCapabilities { get }
    /// Synthesises `segment` with `voice`. Chunks arrive as the engine produces them, at `voice.sampleRate`.
    func synthesize(_ segment: Segment, voice: Voice, controls: VoiceControls) -> AsyncThrowingStream<AudioChunk, any Error>
}

/// Native abilities of an engine. Whatever is false here the synthesis service does in post-processing.
public struct EngineCapabilities: Sendable, Equatable {
    /// Speaking rate is a native parameter (no time-stretching needed).
    public var nativeRate: Bool
    /// Pitch level can be set natively.
    public var nativePitch: Bool
    /// Output level can be set natively.
    public var nativeVolume: Bool
    /// Output is a deterministic function of input, voice and seed.
    public var deterministic: Bool
    /// The engine takes prompt audio and its transcript and copies the voice itself (a cloning engine).
    public var acceptsReferenceAudio: Bool

    public init(nativeRate: Bool, nativePitch: Bool, nativeVolume: Bool, deterministic: Bool, acceptsReferenceAudio: Bool = false) {
        self.nativeRate = nativeRate
        self.nativePitch = nativePitch
        self.nativeVolume = nativeVolume
        self.deterministic = deterministic
        self.acceptsReferenceAudio = acceptsReferenceAudio
    }
}
