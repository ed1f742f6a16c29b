import AudioIO
import Engines
import Foundation
import Synchronization
import TextFrontend

/// espeak-ng, except that a segment holding one of ``heldPhrases`` waits until the test opens the gate. Time
/// is the one thing these tests must control: with the gate, "the first message arrives before synthesis
/// ends" and "a cancelled call stops the engine" are orderings, not races. Test texts end in a held phrase;
/// other syntheses (the service's voice calibration) run freely. Like every engine, a waiting segment stops
/// when its task is cancelled.
public final class GatedEngine: SpeechEngine {
    public let espeak: EspeakEngine
    public var name: EngineName { espeak.name }
    public var capabilities: EngineCapabilities { espeak.capabilities }
    private let state = Mutex<(open: Bool, started: Int, waiters: [UUID: CheckedContinuation<Void, Never>])>((false, 0, [:]))

    public init(espeak: EspeakEngine) { self.espeak = espeak }

    /// Phrases that only the test texts contain, each in their last sentence.
    public static let heldPhrases = ["怎么样", "three sentences", "第六句话"]

    /// Segments with a held phrase the service has asked for so far.
    public var heldSegmentsStarted: Int { state.withLock { $0.started } }

    /// Every voice of espeak-ng, one per language and gender, as a catalog over this engine needs them.
    public var voices: [Voice] { espeak.voices }

    /// Lets every waiting and future segment run.
    public func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [:] }
            return state.waiters.values
        }
        for waiter in waiters { waiter.resume() }
    }

    public func synthesize(_ segment: Segment, voice: Voice, controls: VoiceControls) -> AsyncThrowingStream<AudioChunk, any Error> {
        let isHeld = Self.heldPhrases.contains { segment.text.contains($0) }
        if isHeld { state.withLock { $0.started += 1 } }
        let espeak = self.espeak
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    if isHeld { try await self.waitForGate() }
                    for try await chunk in espeak.synthesize(segment, voice: voice, controls: controls) {
                        continuation.yield(chunk)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func waitForGate() async throws {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let runNow = state.withLock { state in
                    if state.open || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if runNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
        try Task.checkCancellation()
    }
}
