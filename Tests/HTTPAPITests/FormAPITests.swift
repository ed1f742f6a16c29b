import CosyVoiceTesting
import Foundation
import Testing

@Suite("Basic form API", .serialized)
struct FormAPITests {
    /// The reference HTTP client: a GET with a multipart body, reading raw PCM.
    @Test func referenceClientGETWithMultipartBodyStreamsPCM() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.GET, "/inference_zero_shot", .multipart(
                ["tts_text": "你好，我是通义千问语音合成大模型，请问有什么可以帮您的吗？", "prompt_text": TestAudio.promptText],
                files: ["prompt_wav": ("zero_shot_prompt.wav", TestAudio.prompt)]))
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "application/octet-stream")
            #expect(reply.header("Transfer-Encoding") == "chunked")
            #expect(reply.pcmSeconds > 1)
        }
    }

    @Test func sftAcceptsURLEncodedBodiesAndQueryStrings() async throws {
        try await TestServer.run { server in
            let post = try await server.send(.POST, "/inference_sft", .form(["tts_text": "你好。", "spk_id": "中文女"]))
            #expect(post.status == 200)
            #expect(post.header("X-Sample-Rate") != nil)
            #expect(post.pcmSeconds > 0.2)
            let query = "tts_text=%E4%BD%A0%E5%A5%BD&spk_id=%E4%B8%AD%E6%96%87%E7%94%B7"
            let get = try await server.send(.GET, "/inference_sft?\(query)")
            #expect(get.status == 200)
            #expect(get.pcmSeconds > 0.2)
        }
    }

    @Test func everyPromptAndInstructRouteAnswersPCM() async throws {
        try await TestServer.run { server in
            let file = ["prompt_wav": (filename: "p.wav", data: TestAudio.prompt)]
            let cross = try await server.send(.POST, "/inference_cross_lingual", .multipart(["tts_text": "Nice to meet you."], files: file))
            #expect(cross.status == 200)
            #expect(cross.pcmSeconds > 0.3)
            let instruct = try await server.send(.POST, "/inference_instruct", .form(["tts_text": "你好。", "spk_id": "中文男", "instruct_text": "说得慢一点"]))
            #expect(instruct.status == 200)
            #expect(instruct.header("X-Instruct-Controls") != nil)
            #expect(instruct.pcmSeconds > 0.2)
            let instruct2 = try await server.send(.GET, "/inference_instruct2", .multipart(["tts_text": "你好。", "instruct_text": "用悲伤的语气"], files: file))
            #expect(instruct2.status == 200)
            #expect(instruct2.pcmSeconds > 0.2)
        }
    }

    @Test func missingFormFileIs422() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.POST, "/inference_zero_shot", .form(["tts_text": "你好。", "prompt_text": "x"]))
            #expect(reply.status == 422)
            #expect(reply.firstValidationItem?["loc"] as? [String] == ["body", "prompt_wav"])
            #expect(reply.firstValidationItem?["type"] as? String == "missing")
        }
    }
}
