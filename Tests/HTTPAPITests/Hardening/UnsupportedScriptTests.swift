import CosyVoiceTesting
import Foundation
import Testing

/// Text in a script no installed voice reads is refused before any audio, naming the script, on every surface
/// that takes text — never answered with an empty 200.
@Suite("Unsupported scripts: a clear 400 before any audio")
struct UnsupportedScriptTests {
    @Test("Cyrillic, Arabic and Hebrew text gets 400 naming the script on the JSON and form APIs; the server still serves",
          arguments: [("Привет, как дела?", "Cyrillic"), ("مرحبا بالعالم", "Arabic"), ("שלום עולם", "Hebrew")])
    func refusedWithTheScriptsName(text: String, script: String) async throws {
        try await TestServer.run { server in
            for (path, body) in [("/tts/pcm", Body.json(["tts_text": text, "spk_id": "中文女"])),
                                 ("/tts", Body.json(["tts_text": "你好。" + text, "spk_id": "英文男", "stream": true])),
                                 ("/inference_sft", Body.form(["tts_text": text, "spk_id": "中文女"]))] {
                let reply = try await server.send(.POST, path, body)
                #expect(reply.status == 400, "\(path)")
                #expect(reply.detail?.contains("no installed voice reads (\(script))") == true, "\(path): \(reply.detail ?? "")")
            }
            let normal = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "你好。", "spk_id": "中文女"]))
            #expect(normal.status == 200 && normal.pcmSeconds > 0.3)
        }
    }
}
