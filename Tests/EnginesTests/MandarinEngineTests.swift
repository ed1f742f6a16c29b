import AudioIO
import CosyVoiceTestTraits
import CosyVoiceTesting
import Foundation
import Logging
import Synchronization
import Testing
import TextFrontend
@testable import Engines

/// The neural Mandarin voice as setup installs it (`make test` runs setup first, which converts it).
@Suite(.offThePool) struct MandarinEngineTests {
    static let voicesDirectory = URL(fileURLWithPath: "/usr/local/share/cosyvoice/voices")
    static let logger = Logger(label: "mandarin-tests")
    struct Loaded: Sendable { let engine: MandarinEngine; let voice: Voice }
    /// Loaded once, on a thread of its own: tests waiting on a static initialiser would hold the cooperative pool.
    static let loading = Task {
        await offThePool {
            let (engine, voice) = try! MandarinVoice.load(voicesDirectory: voicesDirectory, logger: logger)!
            return Loaded(engine: engine, voice: voice)
        }
    }
    static var loaded: Loaded { get async { await loading.value } }

    static func speech(_ text: String, controls: VoiceControls = .neutral) async throws -> AudioChunk {
        var samples: [Float] = []
        let segment = Segment(text: text, language: .mandarin)
        let loaded = await loaded
        for try await chunk in loaded.engine.synthesize(segment, voice: loaded.voice, controls: controls) {
            #expect(chunk.sampleRate == 24000)
            samples += chunk.samples
        }
        return AudioChunk(samples: samples, sampleRate: 24000)
    }

    static let sentences = [
        "今天天气很好，我们一起去公园散步吧。",
        "你好，欢迎使用语音合成服务。",
        "银行行长说，二零二四年的利润增长了百分之三点五。",
        "请问，去火车站怎么走？",
    ]

    @Test func speaksSentencesAsFemaleSpeechAt24kHz() async throws {
        let loaded = await Self.loaded
        #expect(loaded.voice.sampleRate == 24000)
        #expect(loaded.voice.gender == .female && loaded.voice.language == .mandarin)
        for sentence in Self.sentences {
            let audio = try await Self.speech(sentence)
            let syllables = Double(sentence.filter(\.isLetter).count)
            // Natural Mandarin runs at about 4–6 syllables per second.
            #expect(audio.duration > syllables * 0.12 && audio.duration < syllables * 0.35, "\(sentence): \(audio.duration) s")
            let level = AudioLevel.rmsDBFS(audio.samples)
            #expect(level > -30 && level < -6, "\(sentence): \(level) dBFS")
            let f0 = try #require(PitchTracker().medianF0(audio))
            #expect(f0 > 170 && f0 < 330, "\(sentence): median F0 \(f0) Hz")
        }
    }

    @Test func outputIsDeterministic() async throws {
        let first = try await Self.speech(Self.sentences[1])
        let second = try await Self.speech(Self.sentences[1], controls: VoiceControls(seed: 42))
        #expect(first.samples == second.samples)
    }

    @Test(arguments: [0.5, 2.0])
    func rateChangesDurationByItsFactor(rate: Double) async throws {
        let normal = try await Self.speech(Self.sentences[0]).duration
        let changed = try await Self.speech(Self.sentences[0], controls: VoiceControls(rate: rate)).duration
        let ratio = normal / changed
        #expect(abs(ratio / rate - 1) < 0.1, "rate \(rate): duration ratio \(ratio)")
    }

    @Test func rateLeavesPitchAlone() async throws {
        let normal = try #require(PitchTracker().medianF0(try await Self.speech(Self.sentences[1])))
        let fast = try #require(PitchTracker().medianF0(try await Self.speech(Self.sentences[1], controls: VoiceControls(rate: 2))))
        #expect(abs(fast / normal - 1) < 0.1)
    }

    @Test func streamsOneChunkPerSentence() async throws {
        let loaded = await Self.loaded
        var chunks: [AudioChunk] = []
        let segment = Segment(text: "你好。我们走吧。", language: .mandarin)
        for try await chunk in loaded.engine.synthesize(segment, voice: loaded.voice, controls: .neutral) {
            chunks.append(chunk)
        }
        #expect(chunks.count == 2)
        // A sentence ends with its pause.
        let tail = chunks[0].samples.suffix(Int(MandarinEngine.sentencePause * 24000))
        #expect(tail.allSatisfy { $0 == 0 })
    }

    @Test func stopsWhenTheConsumerGoes() async throws {
        let loaded = await Self.loaded
        // The generation thread is held after its first utterance until the consumer has been cancelled,
        // so the outcome does not depend on how fast either side runs.
        let events = Mutex<[MandarinEngine.GenerationEvent]>([])
        let consumerGone = DispatchSemaphore(value: 0)
        let (finished, finish) = AsyncStream<Void>.makeStream()
        let engine = try loaded.engine.observed { event in
            events.withLock { $0.append(event) }
            if event == .utterance(0) { consumerGone.wait() }
            if event == .finished { finish.yield() }
        }
        let text = Array(repeating: "今天天气很好，我们一起去公园散步吧。", count: 20).joined()
        let (firstChunk, first) = AsyncStream<Void>.makeStream()
        let consumer = Task {
            for try await _ in engine.synthesize(Segment(text: text, language: .mandarin), voice: loaded.voice, controls: .neutral) {
                first.yield()
            }
        }
        for await _ in firstChunk { break }
        consumer.cancel()
        _ = await consumer.result
        consumerGone.signal()
        for await _ in finished { break }
        #expect(events.withLock { $0 } == [.utterance(0), .finished])
    }

    /// What the server then does (中文女 falls back to espeak-ng and speaks) is tested through the real loader:
    /// `ServerTests/VoiceCatalogLoadingTests.withoutTheVoicesDirectoryTheServerStartsAndMandarinFallsBackToEspeak`.
    @Test func absentVoiceIsNotAnError() async throws {
        let empty = TestDirectory.fresh("mandarin-absent")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(try MandarinVoice.load(voicesDirectory: empty, logger: Self.logger) == nil)
        #expect(MandarinVoice.loadIfInstalled(in: [empty], logger: Self.logger) == nil)
    }

    @Test func unvalidatedVoiceFolderIsRejectedBeforeSherpaSeesIt() throws {
        let directory = TestDirectory.fresh("mandarin-partial")
        let folder = directory.appending(path: MandarinVoice.folderName)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("not a model".utf8).write(to: folder.appending(path: "acoustic.onnx"))
        #expect(throws: EngineError.self) { try MandarinVoice.load(voicesDirectory: directory, logger: Self.logger) }
        // At server start-up the same folder leaves the voice out instead of failing.
        #expect(MandarinVoice.loadIfInstalled(in: [directory], logger: Self.logger) == nil)
    }

    @Test func catalogGivesTheFemaleMandarinSpeakerTheNeuralVoice() async throws {
        let loaded = await Self.loaded
        let espeak = try EspeakEngine()
        let voices = [loaded.voice] + espeak.voices
        let catalog = VoiceCatalog(engines: [espeak, loaded.engine], voices: voices)
        #expect(catalog.speaker("中文女")?.primaryVoice == loaded.voice)
        #expect(catalog.speaker("中文男")?.primaryVoice.engine == "espeak")
    }
}
