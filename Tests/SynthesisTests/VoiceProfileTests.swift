import AudioIO
import CosyVoiceTesting
import Engines
import Foundation
import Synchronization
@testable import Synthesis
import Testing
import TextFrontend

/// espeak-ng, except that the test decides when calibrations fail and when a held text may run: failure
/// and ordering are what these tests must control. Calibration segments are those of
/// `VoiceProfiler.calibrationText`.
final class CalibrationProbeEngine: SpeechEngine {
    let espeak: EspeakEngine
    var name: EngineName { espeak.name }
    var capabilities: EngineCapabilities { espeak.capabilities }
    /// Only segments holding this phrase wait for ``open()``.
    static let heldPhrase = "wait here"
    private let state = Mutex<(failuresLeft: Int, calibrations: Int, held: Int, open: Bool, waiters: [CheckedContinuation<Void, Never>])>((0, 0, 0, false, []))

    init(failingCalibrations: Int) throws {
        espeak = try EspeakEngine()
        state.withLock { $0.failuresLeft = failingCalibrations }
    }

    /// Calibration segments asked for so far, failed ones included.
    var calibrations: Int { state.withLock { $0.calibrations } }
    /// Held segments started so far.
    var heldStarted: Int { state.withLock { $0.held } }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }

    func synthesize(_ segment: Segment, voice: Voice, controls: VoiceControls) -> AsyncThrowingStream<AudioChunk, any Error> {
        let isCalibration = VoiceProfiler.calibrationText.values.contains { $0.contains(segment.text) }
        let isHeld = segment.text.contains(Self.heldPhrase)
        let fails = state.withLock { state -> Bool in
            if isHeld { state.held += 1 }
            guard isCalibration else { return false }
            state.calibrations += 1
            guard state.failuresLeft > 0 else { return false }
            state.failuresLeft -= 1
            return true
        }
        if fails {
            return AsyncThrowingStream { $0.finish(throwing: EngineError.unavailable("transient calibration failure")) }
        }
        let espeak = self.espeak
        return AsyncThrowingStream { continuation in
            let task = Task {
                if isHeld { await self.waitForOpen() }
                do {
                    for try await chunk in espeak.synthesize(segment, voice: voice, controls: controls) { continuation.yield(chunk) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func waitForOpen() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }
}

@Suite("Voice calibration: failures are retried, successes measured once, under an engine slot")
struct VoiceProfileTests {
    /// Cross-lingual matching measures the voice it speaks with (and nothing else) before audio starts.
    static let matched = SynthesisRequest(mode: .crossLingual(prompt: .file(fixturePrompt)), text: "你好，世界。")

    static func makeService(_ engine: CalibrationProbeEngine, scheduler: Scheduler = Scheduler(engineSlots: 2, maxQueued: 4)) throws -> SynthesisService {
        let voices = engine.espeak.voices
        let directory = TestDirectory.fresh("voice-profile")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteSpeakerStore(path: directory.appendingPathComponent("speakers.sqlite").path)
        return SynthesisService(catalog: VoiceCatalog(engines: [engine], voices: voices), store: store, scheduler: scheduler)
    }

    @Test("after a failed calibration the next prompt-matched request measures again and succeeds")
    func failedCalibrationIsRetried() async throws {
        let engine = try CalibrationProbeEngine(failingCalibrations: 1)
        let service = try Self.makeService(engine)
        await #expect(throws: SynthesisError.self) { _ = try await service.prepare(Self.matched) }
        let (audio, _) = try await synthesizeAll(service, Self.matched)
        #expect(audio.duration > 0.3)
    }

    @Test("a successful calibration is kept: later requests do not measure the voice again")
    func successIsMeasuredOnce() async throws {
        let engine = try CalibrationProbeEngine(failingCalibrations: 0)
        let service = try Self.makeService(engine)
        _ = try await synthesizeAll(service, Self.matched)
        let measured = engine.calibrations
        #expect(measured > 0)
        _ = try await synthesizeAll(service, Self.matched)
        #expect(engine.calibrations == measured)
    }

    @Test("a calibration waits for an engine slot like any segment")
    func calibrationTakesASlot() async throws {
        let engine = try CalibrationProbeEngine(failingCalibrations: 0)
        let scheduler = Scheduler(engineSlots: 1, maxQueued: 4, firstSegmentReserve: 0)
        let catalog = VoiceCatalog(engines: [engine], voices: [engine.espeak.voice(for: .mandarin, gender: .female)])
        let profiler = VoiceProfiler(catalog: catalog, frontend: TextFrontend(), scheduler: scheduler)
        let busy = try await SegmentSlot(scheduler: scheduler, served: 0)
        let measured = Task { try await profiler.profile(of: engine.espeak.voice(for: .mandarin, gender: .female)) }
        // The calibration queues behind the busy slot instead of running beside it.
        #expect(await eventually { scheduler.queuedCount == 1 })
        #expect(engine.calibrations == 0)
        busy.release()
        let profile = try await measured.value
        #expect(engine.calibrations > 0)
        #expect(profile.unitsPerSecond > 0)
        #expect(scheduler.busySlots == 0)
    }
}
