import AudioIO
import CosyVoiceTesting
import Foundation
import Testing

/// Our server in front of the suite's tritonserver, configured through `voices.yaml` as an operator would.
enum BackendServer {
    /// The transcript the preset speaker's recording is configured with.
    static let presetTranscript = "This is the preset reference recording."
    /// Frequencies of the test prompts, so the model's record shows which recording reached it.
    static let promptFrequency = 220.0
    static let presetFrequency = 440.0
    static let clonedFrequency = 330.0
    /// Every test prompt lasts this long: the model must receive this many 16 kHz samples.
    static let promptSeconds = 2.0
    static var promptSamples16k: Int { Int(promptSeconds * 16000) }

    /// A prompt recording: a pure tone at `frequency`, as a 24 kHz WAV file.
    static func prompt(_ frequency: Double) -> Data {
        WAVEncoder.wav(TestSignals.tone(frequency, seconds: promptSeconds, amplitude: 0.4, sampleRate: 24000))
    }

    /// Runs `body` with a server whose prompt modes and `中文女` go to the backend at `url` (the suite's
    /// tritonserver unless given).
    static func run<Result: Sendable>(url: String? = nil, model: String = "cosyvoice2", fallback: String = "fail", timeout: String = "30s",
                                      maxInFlight: Int = 16, requestTimeout: Double? = nil,
                                      _ body: (RunningServer, TritonServerProcess) async throws -> Result) async throws -> Result {
        let triton = try TritonServerProcess.shared()
        let directory = RunningServer.temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let preset = directory.appendingPathComponent("preset.wav")
        try prompt(presetFrequency).write(to: preset)
        let yaml = """
        backends:
          gpu: {url: "\(url ?? triton.url)", model: \(model), timeout: \(timeout), max_in_flight: \(maxInFlight), fallback: \(fallback)}
        modes: {zero_shot: gpu, cross_lingual: gpu, instruct2: gpu}
        speakers:
          中文女: {backend: gpu, prompt: "\(preset.path)", prompt_text: "\(presetTranscript)"}
        """
        let voices = directory.appendingPathComponent("voices.yaml")
        try yaml.write(to: voices, atomically: true, encoding: .utf8)
        return try await RunningServer.run(dataDirectory: directory.appendingPathComponent("data"), configure: {
            $0.voicesConfigFile = voices
            if let requestTimeout { $0.limits.requestTimeout = requestTimeout }
        }) {
            try await body($0, triton)
        }
    }
}

extension TritonServerProcess {
    /// The records for `marker` once `count` of them have finished (the model writes a record when its
    /// request ends, just after its final response left).
    func records(containing marker: String, count: Int) async -> [Record] {
        var found: [Record] = []
        _ = await eventually(within: 30) {
            found = records(containing: marker)
            return found.count >= count
        }
        return found
    }
}

/// Checks a recorded request carried the prompt: its 16 kHz samples with their length, and its transcript.
func expectReference(_ record: TritonServerProcess.Record, frequency: Double, transcript: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(record.referenceLength == BackendServer.promptSamples16k, sourceLocation: sourceLocation)
    #expect(record.referenceShape == [1, BackendServer.promptSamples16k], sourceLocation: sourceLocation)
    #expect(abs((record.referenceFrequency ?? 0) - frequency) < 3, "reference at \(record.referenceFrequency ?? 0) Hz", sourceLocation: sourceLocation)
    #expect(record.referenceText == transcript, sourceLocation: sourceLocation)
}

/// Speech, not silence: long enough and loud enough.
func expectSpeech(_ audio: AudioChunk, atLeast seconds: Double = 0.8, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(audio.duration >= seconds, "\(audio.duration) s of audio", sourceLocation: sourceLocation)
    #expect(rms(audio.samples) > 0.02, "RMS \(rms(audio.samples))", sourceLocation: sourceLocation)
}
