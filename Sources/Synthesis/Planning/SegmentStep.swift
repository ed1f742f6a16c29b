import AudioIO
import Engines
import TextFrontend

/// One segment's work: the text, the voice that reads it and the prosody to apply.
struct SegmentStep: Sendable {
    var segment: Segment
    var voice: Voice
    var engine: any SpeechEngine
    var controls: VoiceControls
    var reference: ReferencePrompt?

    func start(cores: CoreShare) -> EngineWork {
        engine.start(segment, voice: voice, controls: controls, reference: reference, cores: cores)
    }

    /// What post-processing does to this segment: the part of the pitch shift beyond the engine's native
    /// range, the tilt and the level.
    var postProcessing: PostProcessing {
        let shift = controls.pitchShift
        let native = engine.capabilities.nativePitchRange.map { min(max(shift, $0.lowerBound), $0.upperBound) } ?? 0
        return PostProcessing(pitchShift: abs(shift - native) > 0.05 ? shift - native : 0, referenceF0: controls.referenceF0,
                              tiltDBPerOctave: controls.tiltDBPerOctave, gainDB: controls.volumeDB)
    }
}
