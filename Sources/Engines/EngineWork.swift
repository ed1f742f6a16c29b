import AudioIO

/// One segment's synthesis as an engine runs it: the audio as it is made, and when the engine is done with it.
///
/// Ending iteration of `chunks` asks the engine to stop, but a neural engine cannot interrupt a model run: it
/// stops after the sentence it is on. `stopped` returns only once the engine no longer works on the segment,
/// so a scheduler can keep the segment's slot until the core is really free again.
public struct EngineWork: Sendable {
    /// The segment's audio, at the voice's sample rate.
    public var chunks: AsyncThrowingStream<AudioChunk, any Error>
    /// Returns once the engine has stopped working on the segment: its last chunk made, or its stop honoured.
    /// Nil for an engine that stops as soon as its stream ends.
    public var stopped: (@Sendable () async -> Void)?

    public init(chunks: AsyncThrowingStream<AudioChunk, any Error>, stopped: (@Sendable () async -> Void)?) {
        self.chunks = chunks
        self.stopped = stopped
    }

    /// Work whose engine stops as soon as its stream ends (espeak-ng aborts in its next ≈ 50 ms callback).
    public init(stoppingPromptly chunks: AsyncThrowingStream<AudioChunk, any Error>) {
        self.init(chunks: chunks, stopped: nil)
    }
}
