import AudioIO
import Engines
import TextFrontend

/// How a voice sounds at neutral settings, measured once per voice on a calibration sentence with the same
/// analysis that measures prompts, so that matching compares like with like.
struct VoiceProfile: Sendable, Equatable {
    /// Median F0 in Hz.
    var medianF0: Double
    /// RMS level of active speech in dBFS.
    var speechLevel: Double
    /// Long-term spectral tilt in dB per octave.
    var spectralTilt: Double
    /// Spoken units (syllables, or words for English) per second of active speech at rate 1.
    var unitsPerSecond: Double
    /// How the tilt equaliser moves this voice's speech level: dB of level change at each tilt of
    /// `TiltLevelCurve.tilts`, measured on the calibration sentence. The shelf takes or adds energy above
    /// 1 kHz, and how much depends on the voice's spectrum, so level matching must take it back.
    var tiltLevels = TiltLevelCurve.flat
}

/// Measures and caches `VoiceProfile`s: each voice is measured once per process, by the first request that
/// needs it; requests that need it meanwhile wait for that same measurement. Only a measurement that succeeded
/// is kept, so a transient engine failure costs one request, not every later one.
///
/// A calibration is engine work like any segment: it waits for an engine slot of the scheduler.
actor VoiceProfiler {
    private let catalog: VoiceCatalog
    private let frontend: TextFrontend
    private let scheduler: Scheduler
    private var profiles: [String: VoiceProfile] = [:]
    private var measuring: [String: Task<VoiceProfile, any Error>] = [:]

    init(catalog: VoiceCatalog, frontend: TextFrontend, scheduler: Scheduler) {
        self.catalog = catalog
        self.frontend = frontend
        self.scheduler = scheduler
    }

    /// One sentence per language, long enough for stable pitch and rate figures.
    static let calibrationText: [Language: String] = [
        .mandarin: "今天天气很好，我们一起去公园散步吧。",
        .cantonese: "今日天氣好好，我哋一齊去公園散步啦。",
        .english: "The weather is lovely today, so let us take a walk in the park.",
        .japanese: "きょうは とても いい てんき ですね、いっしょに こうえんへ いきましょう。",
        .korean: "오늘은 날씨가 정말 좋네요. 같이 공원에 산책하러 가요.",
    ]

    func profile(of voice: Voice) async throws -> VoiceProfile {
        if let profile = profiles[voice.id] { return profile }
        if let running = measuring[voice.id] { return try await running.value }
        // The task runs on this actor, so it cannot start before it is registered below.
        let task = Task {
            defer { measuring[voice.id] = nil }
            let profile = try await measure(voice)
            profiles[voice.id] = profile
            return profile
        }
        measuring[voice.id] = task
        return try await task.value
    }

    private func measure(_ voice: Voice) async throws -> VoiceProfile {
        guard let engine = catalog.engine(for: voice) else { throw EngineError.unavailable("no engine for \(voice.id)") }
        let text = Self.calibrationText[voice.language]!
        // Not a short first segment: a calibration takes no slot of the first-segment reserve.
        let slot = try await SegmentSlot(scheduler: scheduler, served: 1)
        defer { slot.release() }
        var samples: [Float] = []
        for segment in await frontend.segments(normalizing: text, primaryLanguage: voice.language, streaming: false) {
            for try await chunk in engine.synthesize(segment, voice: voice, controls: .neutral) {
                samples += chunk.samples
            }
        }
        let audio = AudioChunk(samples: samples, sampleRate: voice.sampleRate)
        let (analysis, tiltLevels) = await DedicatedThread.run("cosyvoice.calibration") {
            let analysis = PromptAnalysis.analyse(audio)
            return (analysis, TiltLevelCurve.measure(audio, speechLevel: analysis.speechLevel))
        }
        let units = await frontend.spokenUnits(normalizing: text, language: voice.language)
        return VoiceProfile(
            medianF0: analysis.medianF0 ?? voice.typicalF0,
            speechLevel: analysis.speechLevel,
            spectralTilt: analysis.spectralTilt,
            unitsPerSecond: Double(units) / max(analysis.speechDuration, 0.1),
            tiltLevels: tiltLevels
        )
    }
}
