import AudioIO
import CosyVoiceTestTraits
import CosyVoiceTesting
import Foundation
import Logging
import Synchronization
import Testing
import TextFrontend
@testable import Engines

/// The Kokoro Japanese voices as setup installs them (`make test` runs setup first).
@Suite(.offThePool) struct KokoroEngineTests {
    static let voicesDirectory = URL(fileURLWithPath: "/usr/local/share/cosyvoice/voices")
    static let logger = Logger(label: "kokoro-tests")
    /// Loaded once, on a thread of its own: loading (the model, MeCab, a 150 000-word list) takes seconds in a
    /// debug build, and tests waiting on a static initialiser would hold the cooperative pool meanwhile.
    static let loading = Task {
        await offThePool { try! KokoroVoices.load(directory: voicesDirectory.appending(path: KokoroVoices.folderName), logger: logger) }
    }
    static var engine: KokoroEngine { get async { await loading.value } }

    static func voice(_ name: String) async -> Voice { await engine.voices.first { $0.name == name }! }

    static func speech(_ text: String, voice: String = "jm_kumo", controls: VoiceControls = .neutral) async throws -> AudioChunk {
        var samples: [Float] = []
        for try await chunk in await engine.synthesize(Segment(text: text, language: .japanese), voice: await Self.voice(voice), controls: controls) {
            #expect(chunk.sampleRate == 24000)
            samples += chunk.samples
        }
        return AudioChunk(samples: samples, sampleRate: 24000)
    }

    static let sentences = [
        "東京駅から新幹線で三番目の列車に乗ります。",
        "今日はとても良い天気ですね。",
        "会議は午後3時から始まります。",
    ]

    @Test func registersFiveJapaneseVoices() async {
        let engine = await Self.engine
        #expect(engine.voices.map(\.id).sorted() == ["kokoro:jf_alpha", "kokoro:jf_gongitsune", "kokoro:jf_nezumi",
                                                          "kokoro:jf_tebukuro", "kokoro:jm_kumo"])
        #expect(engine.voices.allSatisfy { $0.language == .japanese && $0.sampleRate == 24000 })
        #expect(await Self.voice("jm_kumo").gender == .male)
        #expect(engine.voices.filter { $0.gender == .female }.count == 4)
    }

    @Test func theMaleVoiceSpeaksKanjiSentencesWithAMaleVoice() async throws {
        for sentence in Self.sentences {
            let audio = try await Self.speech(sentence)
            // Japanese runs at about 7–9 morae per second; a sentence of n characters lasts roughly n × 0.1–0.3 s.
            let characters = Double(sentence.count)
            #expect(audio.duration > characters * 0.08 && audio.duration < characters * 0.4, "\(sentence): \(audio.duration) s")
            let level = AudioLevel.rmsDBFS(audio.samples)
            #expect(level > -32 && level < -6, "\(sentence): \(level) dBFS")
            #expect(audio.samples.allSatisfy { abs($0) <= KokoroEngine.peakLimit }, "peaks are limited")
            let f0 = try #require(PitchTracker().medianF0(audio))
            #expect(f0 > 70 && f0 < 160, "\(sentence): median F0 \(f0) Hz")
        }
    }

    @Test(arguments: ["jf_alpha", "jf_gongitsune", "jf_nezumi", "jf_tebukuro"])
    func theFemaleVoicesSpeakWithAFemaleVoice(voice: String) async throws {
        let audio = try await Self.speech(Self.sentences[1], voice: voice)
        let f0 = try #require(PitchTracker().medianF0(audio))
        #expect(f0 > 180 && f0 < 400, "\(voice): median F0 \(f0) Hz")
        let typical = await Self.voice(voice).typicalF0
        #expect(abs(semitones(f0, typical)) < 3, "\(voice): \(f0) Hz against its profile")
    }

    @Test func sameRequestSameSeedGivesIdenticalSamples() async throws {
        let first = try await Self.speech(Self.sentences[1], controls: VoiceControls(seed: 42))
        let second = try await Self.speech(Self.sentences[1], controls: VoiceControls(seed: 42))
        #expect(!first.samples.isEmpty && first.samples == second.samples)
    }

    @Test func rateChangesDurationByItsFactor() async throws {
        let normal = try await Self.speech(Self.sentences[1]).duration
        let fast = try await Self.speech(Self.sentences[1], controls: VoiceControls(rate: 1.5)).duration
        let ratio = normal / fast
        #expect(abs(ratio / 1.5 - 1) < 0.15, "duration ratio \(ratio)")
    }

    @Test func streamsOneChunkPerSentenceEachEndingInItsPause() async throws {
        var chunks: [AudioChunk] = []
        let segment = Segment(text: "こんにちは。また明日。", language: .japanese)
        for try await chunk in await Self.engine.synthesize(segment, voice: await Self.voice("jf_alpha"), controls: .neutral) {
            chunks.append(chunk)
        }
        #expect(chunks.count == 2)
        let tail = chunks[0].samples.suffix(Int(KokoroEngine.sentencePause * 24000))
        #expect(tail.allSatisfy { $0 == 0 })
    }

    @Test func stopsWhenTheConsumerGoes() async throws {
        let events = Mutex<[KokoroEngine.GenerationEvent]>([])
        let consumerGone = DispatchSemaphore(value: 0)
        let (finished, finish) = AsyncStream<Void>.makeStream()
        let engine = await Self.engine.observed { event in
            events.withLock { $0.append(event) }
            if event == .utterance(0) { consumerGone.wait() }
            if event == .finished { finish.yield() }
        }
        let text = Array(repeating: "今日はいい天気です。", count: 20).joined()
        let (firstChunk, first) = AsyncStream<Void>.makeStream()
        let consumer = Task {
            for try await _ in engine.synthesize(Segment(text: text, language: .japanese), voice: await Self.voice("jm_kumo"), controls: .neutral) {
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

    @Test func longSentencesAreCutIntoBoundedUtterances() async {
        let phonemes = await Self.engine.frontEnd.reading(of: String(repeating: "私は毎朝七時に起きて、", count: 12) + "コーヒーを飲みます。").phonemes
        let utterances = KokoroUtterances.split(phonemes)
        #expect(utterances.count > 1)
        #expect(utterances.allSatisfy { $0.phonemes.count <= KokoroUtterances.maxSymbols })
        #expect(utterances.last?.endsSentence == true && utterances.dropLast().allSatisfy { !$0.endsSentence })
        #expect(utterances.map(\.phonemes).joined().filter { $0 != " " } == phonemes.filter { $0 != " " })
    }

    /// A model file without sherpa-onnx's metadata would end the process inside sherpa-onnx: it is rejected first.
    @Test func aModelWithoutMetadataNeverReachesSherpa() throws {
        let directory = TestDirectory.fresh("kokoro-bare")
        let folder = directory.appending(path: KokoroVoices.folderName)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.installCopy(into: folder, strippingMetadata: true)
        let error = #expect(throws: EngineError.self) { try KokoroVoices.load(directory: folder, logger: Self.logger) }
        #expect("\(String(describing: error))".contains("metadata"))
        #expect(KokoroVoices.loadIfInstalled(in: [directory], logger: Self.logger) == nil)
    }

    @Test func absentVoicesAreNotAnError() throws {
        let empty = TestDirectory.fresh("kokoro-absent")
        #expect(KokoroVoices.loadIfInstalled(in: [empty], logger: Self.logger) == nil)
    }

    /// Copies the installed voices into `folder`; with `strippingMetadata` the model is cut back to the bare export
    /// (its metadata entries are appended at the end of the file, so the prefix is the unmodified graph).
    static func installCopy(into folder: URL, strippingMetadata: Bool) throws {
        let installed = voicesDirectory.appending(path: KokoroVoices.folderName)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: installed.path) where name != "model.onnx" {
            try FileManager.default.copyItem(at: installed.appending(path: name), to: folder.appending(path: name))
        }
        var model = try Data(contentsOf: installed.appending(path: "model.onnx"))
        if strippingMetadata {
            let appended = ONNXMetadata.encodedEntries(try ONNXMetadata.read(from: installed.appending(path: "model.onnx"))
                .sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) })
            model = model.prefix(model.count - appended.count)
        }
        try model.write(to: folder.appending(path: "model.onnx"))
    }
}
