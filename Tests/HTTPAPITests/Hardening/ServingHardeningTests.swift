import AsyncHTTPClient
import AudioIO
import CosyVoiceTesting
import Engines
import Foundation
@testable import HTTPAPI
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Operations
import Server
import Synchronization
import Synthesis
import Testing
import TextFrontend

/// Admission before any work, text limits by Unicode scalars, no 200 before the first audio, the raw PCM rate
/// the reference clients assume, and streamed responses that leave nothing behind on their connection.
@Suite("Serving hardening: admission first, limits, first audio before the status")
struct ServingHardeningTests {
    static let sentence = "Hello there, this is a short test."

    @Test("a full server answers 429 at once, without waiting for the body it announced")
    func fullServerRefusesBeforeReadingTheBody() async throws {
        try await TestServer.run(configure: { $0.maxActiveJobs = 1; $0.maxQueuedJobs = 0 }) { server in
            // One long request in the server, its body unread so it stays there.
            let held = try await server.open(.POST, "/tts/pcm", .json(["tts_text": TestAudio.longText, "spk_id": "中文女"]))
            #expect(held.status == .ok)
            #expect(server.service.scheduler.admittedCount == 1)
            // Headers announcing 10 MB, and no body at all: only a refusal that does not read it can answer.
            let reply = try await RawExchange.send(port: server.port, "/tts/zero_shot", headers: ["Content-Type: application/json"],
                                                   contentLength: 10_000_000)
            #expect(reply.status == 429)
            #expect(reply.header("Retry-After") != nil)
        }
    }

    @Test("every text field is limited in Unicode scalars: combining marks cannot hide a huge text")
    func textLimitsCountScalars() async throws {
        try await TestServer.run { server in
            let marks = "a" + String(repeating: "\u{0301}", count: 6000)
            let tts = try await server.send(.POST, "/tts", .json(["tts_text": marks, "spk_id": "英文男"]))
            #expect(tts.status == 400)
            #expect(tts.detail?.contains("tts_text has more than 5000 characters") == true, "\(tts.detail ?? "")")

            let longPrompt = String(repeating: "好", count: 1001)
            let zeroShot = try await server.send(.POST, "/tts/zero_shot", .json([
                "tts_text": "你好。", "prompt_text": longPrompt, "prompt_audio_base64": TestAudio.prompt.base64EncodedString(),
            ]))
            #expect(zeroShot.status == 400)
            #expect(zeroShot.detail?.contains("prompt_text has more than 1000 characters") == true, "\(zeroShot.detail ?? "")")

            let clone = try await server.send(.POST, "/clone", .multipart(["spk_id": "long-transcript", "prompt_text": longPrompt],
                                                                       files: ["prompt_audio": ("prompt.wav", TestAudio.prompt)]))
            #expect(clone.status == 400)
            #expect(clone.detail?.contains("prompt_text has more than 1000 characters") == true, "\(clone.detail ?? "")")
            #expect(try await server.service.availableSpeakers().contains("long-transcript") == false)

            let instruct = try await server.send(.POST, "/tts/instruct", .json([
                "tts_text": "你好。", "spk_id": "中文女", "instruct_text": String(repeating: "慢", count: 1001),
            ]))
            #expect(instruct.status == 400)
            #expect(instruct.detail?.contains("instruct_text has more than 1000 characters") == true)

            let normal = try await server.send(.POST, "/tts/pcm", .json(["tts_text": Self.sentence, "spk_id": "英文男"]))
            #expect(normal.status == 200 && normal.pcmSeconds > 0.5)
        }
    }

    @Test("a request that cannot have its first audio before its deadline gets 503 JSON, not a cut-off 200")
    func deadlineBeforeFirstAudioIsAStatus() async throws {
        // One 40-word sentence: Piper needs well over a second for it before the first audio exists.
        let long = String(repeating: "the quick brown fox jumps over the lazy dog ", count: 5) + "and so on."
        try await TestServer.run(configure: { $0.limits.requestTimeout = 0.1 }) { server in
            let reply = try await server.send(.POST, "/tts/pcm", .json(["tts_text": long, "spk_id": "英文男"]))
            #expect(reply.status == 503)
            #expect(reply.isErrorDocument)
            #expect(reply.detail?.contains("time limit") == true)
        }
    }

    @Test("an engine failing before any audio gets a clean 500 with no internals, on JSON and form routes")
    func engineFailureBeforeAudioIs500() async throws {
        try await FailingEngineServer.run { server in
            for (path, body) in [("/tts/pcm", Body.json(["tts_text": Self.sentence, "spk_id": "英文男"])),
                                 ("/tts", Body.json(["tts_text": Self.sentence, "spk_id": "英文男", "stream": true])),
                                 ("/inference_sft", Body.form(["tts_text": Self.sentence, "spk_id": "英文男"]))] {
                let reply = try await server.send(.POST, path, body)
                #expect(reply.status == 500, "\(path)")
                #expect(reply.json["detail"] as? String == "internal error", "\(path)")
                #expect(!String(decoding: reply.body, as: UTF8.self).contains("sherpa"), "\(path)")
            }
        }
    }

    @Test("the form API sends 22050 Hz PCM by default, as the reference clients assume; native on request")
    func formAPIDefaultsToTheReferenceRate() async throws {
        let text = "今天天气很好，我们一起去公园散步吧。"
        try await TestServer.run { server in
            let native = try await server.send(.POST, "/tts/pcm", .json(["tts_text": text, "spk_id": "中文女"]))
            #expect(native.header("X-Sample-Rate") == "24000")
            let form = try await server.send(.POST, "/inference_sft", .form(["tts_text": text, "spk_id": "中文女"]))
            #expect(form.header("X-Sample-Rate") == "22050")
            // The same speech, so the same duration when read at 22050 Hz, as a reference client reads it.
            let seconds = Double(form.body.count / 2) / 22050
            #expect(abs(seconds - native.pcmSeconds) / native.pcmSeconds < 0.05, "\(seconds) s vs \(native.pcmSeconds) s")
            let asked = try await server.send(.POST, "/inference_sft", .form(["tts_text": text, "spk_id": "中文女", "sample_rate": "16000"]))
            #expect(asked.header("X-Sample-Rate") == "16000")
        }
        try await TestServer.run(configure: { $0.rawPCMRate = .native }) { server in
            let form = try await server.send(.POST, "/inference_sft", .form(["tts_text": text, "spk_id": "中文女"]))
            #expect(form.header("X-Sample-Rate") == "24000")
        }
    }

    @Test("a failure after the first byte ends the chunked body abnormally, and counts as an engine error")
    func failureAfterTheFirstByteBreaksTheBody() async throws {
        try await FailingEngineServer.run(failingAfterFirstSegment: true) { server in
            let response = try await server.open(.POST, "/tts/pcm", .json(["tts_text": "First part. Second part. Third part.",
                                                                            "spk_id": "英文男", "stream": true]))
            #expect(response.status == .ok)
            var received = 0
            let ending: Result<Void, any Error>
            do {
                for try await part in response.body { received += part.readableBytes }
                ending = .success(())
            } catch {
                ending = .failure(error)
            }
            #expect(received > 0, "the first segment's audio arrived")
            guard case .failure = ending else {
                Issue.record("the body ended cleanly after \(received) bytes: a client would take a cut-off file for a whole one")
                return
            }
            #expect(try await server.eventually { server.service.scheduler.admittedCount == 0 })
            #expect(try await server.metric(#"cosyvoice_engine_errors_total{surface="http"}"#, reaching: 1) == 1)
        }
    }

    @Test("requests on one keep-alive connection leave no close callbacks behind")
    func keepAliveConnectionsDoNotAccumulateCallbacks() async throws {
        try await TestServer.run { server in
            for _ in 0..<12 {
                let reply = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "Hi.", "spk_id": "英文男"]))
                #expect(reply.status == 200)
            }
            let connections = server.server.connectionWatch
            #expect(connections.registeredActions == 0)
            #expect(connections.watchedConnections <= 2)
        }
    }

    @Test("a streamed response dropped before its head still ends: the drain count returns to 0 and it is logged")
    func droppedResponseEnds() {
        let serving = ServingState()
        let logged = LockedCount()
        var response: StreamedResponse? = StreamedResponse(serving: serving) { logged.add() }
        #expect(serving.responsesInFlight == 1)
        response = nil
        _ = response
        #expect(serving.responsesInFlight == 0)
        #expect(logged.value == 1)
    }
}

/// A thread-safe counter for callbacks.
final class LockedCount: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

/// A server whose only voice fails before it makes any sound.
enum FailingEngineServer {
    /// Fails every segment, or with `afterFirstSegment` every segment but the first (which speaks a tone).
    struct Failing: SpeechEngine {
        let name: EngineName = "failing"
        let capabilities = EngineCapabilities(nativeRate: true, nativePitchRange: nil, deterministic: true)
        let voice = Voice(engine: "failing", name: "failing-en", language: .english, gender: .male, sampleRate: 22050, typicalF0: 100)
        let afterFirstSegment: Bool
        private let segments = SegmentCount()

        init(afterFirstSegment: Bool) { self.afterFirstSegment = afterFirstSegment }

        func synthesize(_ segment: Segment, voice: Voice, controls: VoiceControls) -> AsyncThrowingStream<AudioChunk, any Error> {
            let index = segments.count.withLock { count in
                defer { count += 1 }
                return count
            }
            return AsyncThrowingStream { continuation in
                if afterFirstSegment && index == 0 {
                    continuation.yield(TestSignals.tone(150, seconds: 0.5, amplitude: 0.3, sampleRate: 22050))
                    continuation.finish()
                } else {
                    continuation.finish(throwing: EngineError.synthesisFailed("sherpa-onnx returned no audio"))
                }
            }
        }
    }

    static func run(failingAfterFirstSegment: Bool = false, _ body: (TestServer) async throws -> Void) async throws {
        let engine = Failing(afterFirstSegment: failingAfterFirstSegment)
        let catalog = VoiceCatalog(engines: [engine], voices: [engine.voice], assignments: ["英文男": engine.voice.id])
        let store = try SQLiteSpeakerStore(path: TestServer.temporaryDirectory().path + ".sqlite")
        let service = SynthesisService(catalog: catalog, store: store, scheduler: Scheduler(engineSlots: 1, maxQueued: 2))
        try await TestServer.run(service: service, body)
    }
}

/// How many segments an engine double was asked for.
final class SegmentCount: Sendable {
    let count = Mutex(0)
}
