import AudioIO
import CosyVoiceTestTraits
import CosyVoiceTesting
import Foundation
import Synchronization
import Testing
import TextFrontend
@testable import Engines

@Suite("Piper engine", .offThePool)
struct PiperEngineTests {
    @Test("three English sentences give three chunks of 22050 Hz speech")
    func synthesisStreamsOneChunkPerSentence() async throws {
        let text = "The weather is lovely today. We should take a long walk in the park. Would you like to come along?"
        let chunks = try await PiperTestSupport.chunks(await PiperTestSupport.engine, text)

        #expect(chunks.count == 3)
        #expect(chunks.allSatisfy { $0.sampleRate == 22050 })
        for chunk in chunks {
            #expect(rms(chunk.samples) > 0.02, "each sentence carries speech energy")
        }
        let seconds = chunks.reduce(0) { $0 + $1.duration }
        // 20 words at 2–4 words per second.
        #expect(seconds > 4 && seconds < 10, "duration \(seconds) s")
    }

    @Test("one voice serves two requests at once")
    func concurrentRequests() async throws {
        let texts = ["Two requests can share one model. Each gets its own audio.", "This one is different and a little longer. It has two sentences too."]
        let results = try await withThrowingTaskGroup(of: [AudioChunk].self) { group in
            for text in texts { group.addTask { try await PiperTestSupport.chunks(await PiperTestSupport.engine, text) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.map(\.count) == [2, 2])
        #expect(results.allSatisfy { $0.allSatisfy { rms($0.samples) > 0.02 } })
    }

    @Test("a request alone on the server runs on a second instance with every core, in the same voice")
    func everyCoreGivesTheSameVoice() async throws {
        let joe = await PiperTestSupport.joe
        let engine = PiperEngine(voices: [joe], threads: 1, wideThreads: 2, logger: PiperTestSupport.logger)
        let segment = Segment(text: "Both instances read this sentence in the same voice.", language: .english)
        func audio(_ cores: CoreShare) async throws -> AudioChunk {
            var samples: [Float] = []
            let work = engine.start(segment, voice: joe.voice, controls: .neutral, reference: nil, cores: cores)
            for try await chunk in work.chunks { samples += chunk.samples }
            return AudioChunk(samples: samples, sampleRate: joe.voice.sampleRate)
        }
        #expect(engine.models[joe.voice.name]?.wideSynthesizer?.threads == 2)
        let (own, all) = (try await audio(.own), try await audio(.all))
        #expect(rms(all.samples) > 0.02)
        #expect(abs(all.duration / own.duration - 1) < 0.15, "durations \(own.duration) s and \(all.duration) s")
        let (ownF0, allF0) = (try #require(pitch(of: own)), try #require(pitch(of: all)))
        #expect(abs(semitones(allF0, ownF0)) < 1.5, "F0 \(ownF0) Hz and \(allF0) Hz")
    }

    @Test("voice reports the model's language, gender and rate")
    func voiceDescription() async {
        let voice = await PiperTestSupport.joe.voice
        let engine = await PiperTestSupport.engine
        #expect(voice.id == "piper:en_US-joe-medium")
        #expect(voice.language == .english)
        #expect(voice.gender == .male)
        #expect(voice.sampleRate == 22050)
        #expect(engine.capabilities.nativePitchRange == nil)
        #expect(engine.capabilities.nativeRate)
    }

    @Test("a faster rate gives shorter audio")
    func rateIsNative() async throws {
        let text = "Speaking quickly saves a little time."
        let normal = try await PiperTestSupport.chunks(await PiperTestSupport.engine, text, controls: VoiceControls(seed: 1))
        let fast = try await PiperTestSupport.chunks(await PiperTestSupport.engine, text, controls: VoiceControls(rate: 1.5, seed: 1))
        let ratio = fast.reduce(0) { $0 + $1.duration } / normal.reduce(0) { $0 + $1.duration }
        #expect(ratio > 0.55 && ratio < 0.8, "fast/normal duration ratio \(ratio)")
    }

    @Test("ending the stream after the first chunk stops generation at the next sentence")
    func cancellationStopsGeneration() async throws {
        let events = Mutex<[PiperEngine.GenerationEvent]>([])
        let (finished, finish) = AsyncStream<Void>.makeStream()
        // Holds the generation thread after the first sentence until the consumer has gone, so that the test
        // does not depend on how fast the consumer leaves.
        let consumerGone = DispatchSemaphore(value: 0)
        let joe = await PiperTestSupport.joe
        let engine = PiperEngine(voices: [joe], threads: 1, logger: PiperTestSupport.logger) { event in
            events.withLock { $0.append(event) }
            switch event {
            case .sentence(index: 0, _): consumerGone.wait()
            case .finished: finish.yield()
            case .sentence: break
            }
        }
        let text = (1...6).map { "This is sentence number \($0) of a long text." }.joined(separator: " ")

        let first = try await Self.firstChunk(of: engine.synthesize(Segment(text: text, language: .english),
                                                                    voice: joe.voice, controls: .neutral))
        consumerGone.signal()
        for await _ in finished { break }

        #expect(first != nil)
        // The sentence in progress when the consumer left is the last one sherpa-onnx generated: its callback
        // found the stream gone, delivered nothing and stopped generation.
        #expect(events.withLock { $0 } == [.sentence(index: 0, delivered: true), .sentence(index: 1, delivered: false), .finished])
    }

    @Test("the same seed gives identical samples; no seed varies")
    func seedMakesOutputDeterministic() async throws {
        let text = "Determinism matters for testing. Every run should sound the same."
        let engine = await PiperTestSupport.engine
        let first = try await PiperTestSupport.chunks(engine, text, controls: VoiceControls(seed: 42)).flatMap(\.samples)
        let second = try await PiperTestSupport.chunks(engine, text, controls: VoiceControls(seed: 42)).flatMap(\.samples)
        let otherSeed = try await PiperTestSupport.chunks(engine, text, controls: VoiceControls(seed: 7)).flatMap(\.samples)
        #expect(!first.isEmpty)
        let sameSeedIdentical = first == second
        #expect(sameSeedIdentical)
        // Documented: a seed selects the noiseless rendition, whatever its value.
        let otherSeedIdentical = first == otherSeed
        #expect(otherSeedIdentical)

        let unseeded1 = try await PiperTestSupport.chunks(engine, text).flatMap(\.samples)
        let unseeded2 = try await PiperTestSupport.chunks(engine, text).flatMap(\.samples)
        let unseededIdentical = unseeded1 == unseeded2
        #expect(!unseededIdentical)
    }

    /// Reads one chunk, then drops the iterator (and with it the stream), as a client that disconnects does.
    private static func firstChunk(of stream: AsyncThrowingStream<AudioChunk, any Error>) async throws -> AudioChunk? {
        var iterator = stream.makeAsyncIterator()
        return try await iterator.next()
    }
}
