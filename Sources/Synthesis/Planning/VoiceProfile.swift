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

/// Level change (dB) of a voice against the equaliser's tilt (dB per octave), piecewise linear between measured
/// points and constant beyond them, where the equaliser's shelf is capped.
struct TiltLevelCurve: Sendable, Equatable {
    /// The tilts measured: both directions, to the equaliser's cap (`TiltEqualizer.maximumShelfDB` over its band).
    static let tilts = [-1.2, -0.6, 0, 0.6, 1.2]
    static let flat = TiltLevelCurve(levels: tilts.map { _ in 0 })

    /// One level change per tilt of `tilts`.
    var levels: [Double]

    /// Measures `audio` through the equaliser at each of `tilts`.
    static func measure(_ audio: AudioChunk) -> TiltLevelCurve {
        let reference = PromptAnalysis.speechLevel(audio)
        return TiltLevelCurve(levels: tilts.map { tilt in
            guard tilt != 0 else { return 0 }
            var equalizer = TiltEqualizer(dBPerOctave: tilt, sampleRate: audio.sampleRate)
            return PromptAnalysis.speechLevel(AudioChunk(samples: equalizer.process(audio.samples), sampleRate: audio.sampleRate)) - reference
        })
    }

    /// The level change at `tilt`.
    func levelChange(at tilt: Double) -> Double {
        let tilts = Self.tilts
        guard tilt > tilts.first! else { return levels.first! }
        for i in 1..<tilts.count where tilt <= tilts[i] {
            let fraction = (tilt - tilts[i - 1]) / (tilts[i] - tilts[i - 1])
            return levels[i - 1] + fraction * (levels[i] - levels[i - 1])
        }
        return levels.last!
    }
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
        for segment in frontend.segments(for: text, primaryLanguage: voice.language, streaming: false) {
            for try await chunk in engine.synthesize(segment, voice: voice, controls: .neutral) {
                samples += chunk.samples
            }
        }
        let audio = AudioChunk(samples: samples, sampleRate: voice.sampleRate)
        let (analysis, tiltLevels) = await DedicatedThread.run("cosyvoice.calibration") {
            (PromptAnalysis.analyse(audio), TiltLevelCurve.measure(audio))
        }
        let units = frontend.spokenUnits(in: text, language: voice.language)
        return VoiceProfile(
            medianF0: analysis.medianF0 ?? voice.typicalF0,
            speechLevel: analysis.speechLevel,
            spectralTilt: analysis.spectralTilt,
            unitsPerSecond: Double(units) / max(analysis.speechDuration, 0.1),
            tiltLevels: tiltLevels
        )
    }
}
