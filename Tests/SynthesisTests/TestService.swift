import AudioIO
import CosyVoiceTesting
import Engines
import Foundation
import Synthesis
import TextFrontend
import Testing

/// A synthesis service over the real espeak-ng engine with a speaker store in a fresh temporary directory.
func makeEspeakService(engineSlots: Int = 2, maxQueued: Int = 4) throws -> SynthesisService {
    let espeak = try EspeakEngine()
    return try RunningServer.service(engines: [espeak], voices: espeak.voices, scheduler: Scheduler(engineSlots: engineSlots, maxQueued: maxQueued))
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
var fixturePrompt: Data { Fixtures.promptWAV }

/// A WAV file of `audio`, as a client would upload it.
func wavFile(_ audio: AudioChunk) -> Data { WAVEncoder.wav(audio) }
