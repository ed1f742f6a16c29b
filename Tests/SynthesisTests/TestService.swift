import AudioIO
import Engines
import Foundation
import Synthesis
import TextFrontend
import Testing

/// A synthesis service over the real espeak-ng engine with a speaker store in a fresh temporary directory.
func makeEspeakService(maxActive: Int = 2, maxQueued: Int = 4) throws -> SynthesisService {
    let espeak = try EspeakEngine()
    let voices = Language.allCases.flatMap { language in Gender.allCases.map { espeak.voice(for: language, gender: $0) } }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("synthesis-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let store = try SQLiteSpeakerStore(path: directory.appendingPathComponent("speakers.sqlite").path)
    return SynthesisService(catalog: VoiceCatalog(engines: [espeak], voices: voices), store: store,
                            scheduler: Scheduler(maxActive: maxActive, maxQueued: maxQueued))
}

/// Runs a request to the end and returns all of its audio with the number of chunks it came in.
func synthesizeAll(_ service: SynthesisService, _ request: SynthesisRequest) async throws -> (audio: AudioChunk, chunks: Int) {
    let stream = try await service.prepare(request)
    var samples: [Float] = []
    var chunks = 0
    for try await chunk in stream {
        #expect(chunk.sampleRate == stream.sampleRate)
        samples += chunk.samples
        chunks += 1
    }
    return (AudioChunk(samples: samples, sampleRate: stream.sampleRate), chunks)
}

/// The shared prompt recording: 3.5 s of a Mandarin female voice.
let fixturePrompt: Data = {
    let url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/fixtures/zero_shot_prompt.wav")
    return try! Data(contentsOf: url)
}()
