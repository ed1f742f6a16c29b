import AsyncHTTPClient
import CosyVoiceTesting
import Foundation
import NIOHTTP1
import Synthesis
import Testing

/// A request the server must refuse with `status` and an error document, before any audio.
struct ErrorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var path: String
    var body: Body
    var status: Int
    /// The 422 item's `type`, or a fragment of the 400 `detail`.
    var expect: String

    var testDescription: String { name }

    static let all: [ErrorCase] = [
        ErrorCase(name: "unknown speaker", path: "/tts", body: .json(["tts_text": "你好", "spk_id": "nobody"]), status: 400, expect: "unknown speaker"),
        ErrorCase(name: "empty text", path: "/tts/pcm", body: .json(["tts_text": "   ", "spk_id": "中文女"]), status: 400, expect: "tts_text"),
        ErrorCase(name: "bad base64", path: "/tts/zero_shot",
                  body: .json(["tts_text": "你好", "prompt_text": "x", "prompt_audio_base64": "@@@ not base64 @@@"]), status: 400, expect: "base64"),
        ErrorCase(name: "undecodable audio", path: "/tts/cross_lingual",
                  body: .json(["tts_text": "你好", "prompt_audio_base64": Data(String(repeating: "not audio ", count: 100).utf8).base64EncodedString()]),
                  status: 400, expect: "decoded"),
        ErrorCase(name: "8 kHz prompt", path: "/tts/zero_shot",
                  body: .multipart(["tts_text": "你好", "prompt_text": "x"], files: ["prompt_wav": ("low.wav", TestAudio.tone(seconds: 2, sampleRate: 8000))]),
                  status: 400, expect: "16000"),
        ErrorCase(name: "40 s prompt", path: "/inference_cross_lingual",
                  body: .multipart(["tts_text": "你好"], files: ["prompt_wav": ("long.wav", TestAudio.tone(seconds: 40, sampleRate: 16000))]),
                  status: 400, expect: "30"),
        ErrorCase(name: "speed 3.0", path: "/tts", body: .json(["tts_text": "你好", "spk_id": "中文女", "speed": 3.0]), status: 400, expect: "speed"),
        ErrorCase(name: "sample rate out of range", path: "/tts/pcm",
                  body: .json(["tts_text": "你好", "spk_id": "中文女", "sample_rate": 4000]), status: 400, expect: "sample_rate"),
        ErrorCase(name: "no prompt voice", path: "/tts/zero_shot", body: .json(["tts_text": "你好", "prompt_text": "x"]), status: 400, expect: "prompt"),
        ErrorCase(name: "bad spk_id", path: "/clone",
                  body: .multipart(["prompt_text": "x", "spk_id": "a/b"], files: ["prompt_audio": ("p.wav", TestAudio.prompt)]), status: 400, expect: "spk_id"),
        ErrorCase(name: "replacing a built-in", path: "/clone",
                  body: .multipart(["prompt_text": "x", "spk_id": "中文女"], files: ["prompt_audio": ("p.wav", TestAudio.prompt)]), status: 400, expect: "built-in"),
        ErrorCase(name: "missing field", path: "/tts", body: .json(["spk_id": "中文女"]), status: 422, expect: "missing"),
        ErrorCase(name: "malformed JSON", path: "/tts", body: .raw(#"{"tts_text": "你好", "spk_id": "#), status: 422, expect: "json_invalid"),
        ErrorCase(name: "wrong float", path: "/tts", body: .json(["tts_text": "你好", "spk_id": "中文女", "speed": "fast"]), status: 422, expect: "float_parsing"),
        ErrorCase(name: "wrong bool", path: "/tts", body: .json(["tts_text": "你好", "spk_id": "中文女", "stream": "maybe"]), status: 422, expect: "bool_parsing"),
        ErrorCase(name: "wrong int", path: "/tts", body: .json(["tts_text": "你好", "spk_id": "中文女", "seed": "abc"]), status: 422, expect: "int_parsing"),
        ErrorCase(name: "wrong string", path: "/tts", body: .json(["tts_text": 42, "spk_id": "中文女"]), status: 422, expect: "string_type"),
        ErrorCase(name: "unknown format", path: "/tts", body: .json(["tts_text": "你好", "spk_id": "中文女", "format": "ogg"]),
                  status: 400, expect: "format must be one of pcm, wav, mp3, opus, aac, flac, got 'ogg'"),
        ErrorCase(name: "format not a string", path: "/tts/instruct",
                  body: .json(["tts_text": "你好", "spk_id": "中文女", "instruct_text": "", "format": 3]), status: 422, expect: "string_type"),
    ]
}

@Suite("Errors", .serialized)
struct ErrorTests {
    @Test(arguments: ErrorCase.all)
    func refusedBeforeAnyAudio(_ errorCase: ErrorCase) async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.POST, errorCase.path, errorCase.body)
            #expect(reply.status == errorCase.status)
            #expect(reply.isErrorDocument)
            #expect(reply.header("X-Sample-Rate") == nil)
            if errorCase.status == 422 {
                #expect(reply.firstValidationItem?["type"] as? String == errorCase.expect)
                #expect((reply.firstValidationItem?["loc"] as? [Any])?.first as? String == "body")
            } else {
                #expect(reply.detail?.contains(errorCase.expect) == true, "detail: \(reply.detail ?? "nil")")
            }
        }
    }

    @Test func missingFieldHasFastAPIShape() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.POST, "/tts", .json(["spk_id": "中文女"]))
            #expect(reply.status == 422)
            let item = try #require(reply.firstValidationItem)
            #expect(item["loc"] as? [String] == ["body", "tts_text"])
            #expect(item["type"] as? String == "missing")
            #expect(item["msg"] is String)
        }
    }

    @Test func bodyOverTheLimitIs413() async throws {
        try await TestServer.run(configure: { $0.limits.maxBodyBytes = 64 * 1024 }) { server in
            let big = Body.json(["tts_text": "你好", "spk_id": "中文女", "padding": String(repeating: "x", count: 100_000)])
            let reply = try await server.send(.POST, "/tts", big)
            #expect(reply.status == 413)
            #expect(reply.isErrorDocument)
            let upload = try await server.send(.POST, "/upload_audio", .multipart([:], files: ["file": ("big.wav", TestAudio.tone(seconds: 3, sampleRate: 16000))]))
            #expect(upload.status == 413)
        }
    }

    @Test func overloadedServerAnswers429WithRetryAfter() async throws {
        try await TestServer.run(configure: { $0.maxActiveJobs = 1; $0.maxQueuedJobs = 0 }) { server in
            let held = try await server.service.prepare(SynthesisRequest(mode: .sft(speakerID: "中文女"), text: "你好"))
            let reply = try await server.send(.POST, "/tts", .json(["tts_text": "你好", "spk_id": "中文女"]))
            #expect(reply.status == 429)
            #expect(reply.header("Retry-After").flatMap(Int.init) != nil)
            #expect(reply.isErrorDocument)
            withExtendedLifetime(held) {}
        }
    }

    @Test func unknownRouteIsJSON404() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.GET, "/no/such/route")
            #expect(reply.status == 404)
            #expect(reply.isErrorDocument)
        }
    }
}

@Suite("Multipart bodies that used to crash the server")
struct MultipartCrasherTests {
    /// Found by the `multipart-form` fuzz harness (Fuzz/crashers/multipart-form, boundary "fuzzboundary"): a
    /// non-ASCII byte in a part's header name trapped inside MultipartKit and took the process down.
    @Test("each kept crasher gets 400, and the server keeps serving")
    func keptCrashers() async throws {
        let directory = Fixtures.crashers.appendingPathComponent("multipart-form")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(!files.isEmpty)
        try await TestServer.run { server in
            for file in files {
                let crasher = try Data(contentsOf: directory.appendingPathComponent(file))
                let reply = try await server.send(.POST, "/inference_instruct2",
                                                  Body(contentType: "multipart/form-data; boundary=fuzzboundary", data: crasher))
                #expect(reply.status == 400, "\(file)")
                #expect(reply.detail == "There was an error parsing the body", "\(file)")
            }
            let health = try await server.send(.GET, "/health")
            #expect(health.status == 200)
        }
    }
}
