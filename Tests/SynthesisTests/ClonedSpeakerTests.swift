import AudioIO
import CosyVoiceTesting
import Engines
import Foundation
import Synchronization
@testable import Synthesis
import Testing

@Suite("Cloned speakers")
struct ClonedSpeakerTests {
    @Test func aClonedSpeakerSpeaksInItsPromptsVoiceWithoutReanalysis() async throws {
        let analyses = Mutex(0)
        let base = try makeEspeakService()
        let service = SynthesisService(catalog: base.catalog, store: base.store, scheduler: Scheduler(engineSlots: 2, maxQueued: 2)) { audio in
            analyses.withLock { $0 += 1 }
            return PromptAnalysis.analyse(audio)
        }
        let cloned = try await service.clone(speakerID: "小红", promptText: "希望你以后能够做的比我还好呦。", promptAudio: fixturePrompt)
        #expect(analyses.withLock { $0 } == 1)
        #expect(try await service.availableSpeakers().contains("小红"))

        let (audio, _) = try await synthesizeAll(service, SynthesisRequest(mode: .sft(speakerID: "小红"), text: "今天天气很好，我们一起去公园散步吧。"))
        #expect(abs(semitones(try #require(Measured(audio).f0), try #require(cloned.analysis.medianF0))) <= 1)
        _ = try await synthesizeAll(service, SynthesisRequest(mode: .zeroShot(promptText: "", prompt: .speaker("小红")), text: "你好。"))
        #expect(analyses.withLock { $0 } == 1, "the stored analysis is reused, the prompt is not analysed again")
    }

    @Test("after a restart a cloned speaker still speaks from its stored analysis, never analysing again")
    func storedAnalysisSurvivesARestart() async throws {
        let path = RunningServer.temporaryDirectory().path + ".sqlite"
        let base = try makeEspeakService()
        do {
            let first = SynthesisService(catalog: base.catalog, store: try SQLiteSpeakerStore(path: path), scheduler: Scheduler(engineSlots: 2, maxQueued: 2))
            try await first.clone(speakerID: "小红", promptText: Fixtures.promptText, promptAudio: fixturePrompt)
            try await first.store.close()
        }
        let analyses = Mutex(0)
        let restarted = SynthesisService(catalog: base.catalog, store: try SQLiteSpeakerStore(path: path),
                                         scheduler: Scheduler(engineSlots: 2, maxQueued: 2)) { audio in
            analyses.withLock { $0 += 1 }
            return PromptAnalysis.analyse(audio)
        }
        let stored = try #require(try await restarted.store.profile("小红"))
        let (audio, _) = try await synthesizeAll(restarted, SynthesisRequest(mode: .sft(speakerID: "小红"), text: "今天天气很好，我们一起去公园散步吧。"))
        #expect(abs(semitones(try #require(Measured(audio).f0), try #require(stored.analysis.medianF0))) <= 1)
        #expect(analyses.withLock { $0 } == 0, "the prompt was analysed again after the restart")
    }

    @Test func builtInSpeakersCannotBeReplaced() async throws {
        let service = try makeEspeakService()
        let error = await #expect(throws: SynthesisError.self) {
            try await service.clone(speakerID: "中文女", promptText: "x", promptAudio: fixturePrompt)
        }
        guard case .invalidInput(field: "spk_id", let message)? = error else {
            Issue.record("expected invalid spk_id, got \(String(describing: error))")
            return
        }
        #expect(message.contains("built-in"))
    }

    @Test(arguments: ["", "a/b", "a\\b", "   ", "tab\there", String(repeating: "长", count: 65)])
    func badSpeakerIDsAreRefused(id: String) async throws {
        let service = try makeEspeakService()
        let error = await #expect(throws: SynthesisError.self) {
            try await service.clone(speakerID: id, promptText: "x", promptAudio: fixturePrompt)
        }
        // Refused for its id, whatever else is wrong.
        if case .invalidInput(field: "spk_id", _)? = error {} else { Issue.record("expected invalid spk_id, got \(String(describing: error))") }
        #expect(try await service.availableSpeakers().contains(id) == false)
    }
}

/// A cloning engine stand-in: records the reference it receives and answers with a short tone.
final class RecordingCloningEngine: SpeechEngine {
    let name: EngineName = "recorder"
    let capabilities = EngineCapabilities(nativeRate: true, nativePitchRange: nil, deterministic: true, acceptsReferenceAudio: true)
    let received = Mutex<[ReferencePrompt]>([])

    func synthesize(_ segment: Segment, voice: Voice, controls: VoiceControls) -> AsyncThrowingStream<AudioChunk, any Error> {
        AsyncThrowingStream { $0.finish(throwing: EngineError.synthesisFailed("a cloning engine needs a reference")) }
    }

    func synthesize(_ segment: Segment, voice: Voice, controls: VoiceControls, reference: ReferencePrompt) -> AsyncThrowingStream<AudioChunk, any Error> {
        received.withLock { $0.append(reference) }
        return AsyncThrowingStream { continuation in
            continuation.yield(AudioChunk(samples: (0..<2400).map { Float(sin(Double($0) * 0.1)) * 0.3 }, sampleRate: 24000))
            continuation.finish()
        }
    }
}

import TextFrontend

@Suite("A cloning engine receives the prompt itself")
struct CloningSeamTests {
    @Test func promptAudioAndTranscriptReachACloningEngine() async throws {
        let espeak = try EspeakEngine()
        let recorder = RecordingCloningEngine()
        let clonable = Voice(engine: "recorder", name: "clone-zh", language: .mandarin, gender: .female, sampleRate: 24000, typicalF0: 200)
        let catalog = VoiceCatalog(engines: [espeak, recorder], voices: espeak.voices + [clonable])
        let base = try makeEspeakService()
        let service = SynthesisService(catalog: catalog, store: base.store, scheduler: Scheduler(engineSlots: 1, maxQueued: 0))
        let transcript = "希望你以后能够做的比我还好呦。"
        let (audio, _) = try await synthesizeAll(service, SynthesisRequest(mode: .zeroShot(promptText: transcript, prompt: .file(fixturePrompt)), text: "你好。"))
        #expect(audio.sampleRate == 24000)
        let received = try #require(recorder.received.withLock { $0.first })
        #expect(received.transcript == transcript)
        #expect(abs(received.audio.duration - 3.48) < 0.05)
        #expect(received.audio.sampleRate == PromptRules.storedSampleRate)
    }
}
