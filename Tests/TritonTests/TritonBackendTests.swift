import AudioIO
import CosyVoiceTesting
import Foundation
import GRPCAPI
import GRPCCore
import Testing

@Suite("Triton backend", .tritonServer)
struct TritonBackendTests {
    /// Zero-shot on the three CosyVoice surfaces: the prompt (16 kHz, with its length) and its transcript reach
    /// the model, the text is cut by our front end with a short first segment, and the model's audio comes back.
    @Test("zero-shot on each surface sends the prompt and transcript and streams the model's speech",
          arguments: ["json", "form", "grpc"])
    func zeroShot(surface: String) async throws {
        let marker = "zeroshot\(surface)"
        // The marker in every segment: the first (short) one and the rest.
        let text = "Hello \(marker), this first part is short. Then the second sentence carries on for a while, \(marker)."
        let transcript = "the words of the prompt"
        try await BackendServer.run { server, triton in
            let audio: AudioChunk
            switch surface {
            case "json":
                let reply = try await server.send(.POST, "/tts/zero_shot", .json([
                    "tts_text": text, "prompt_text": transcript, "stream": true,
                    "prompt_audio_base64": BackendServer.prompt(BackendServer.promptFrequency).base64EncodedString(),
                ]))
                #expect(reply.status == 200)
                #expect(reply.header("Content-Type") == "audio/mpeg")
                audio = try AudioFormat.mp3.decode(reply.body, sampleRate: 0)
            case "form":
                let reply = try await server.send(.POST, "/inference_zero_shot", .multipart(
                    ["tts_text": text, "prompt_text": transcript, "stream": "true"],
                    files: ["prompt_wav": ("prompt.wav", BackendServer.prompt(BackendServer.promptFrequency))]))
                #expect(reply.status == 200)
                audio = try AudioFormat.pcm.decode(reply.body, sampleRate: try #require(reply.sampleRate))
            default:
                var request = Cosyvoice_Request()
                request.zeroShotRequest.ttsText = text
                request.zeroShotRequest.promptText = transcript
                let tone = TestSignals.tone(BackendServer.promptFrequency, seconds: BackendServer.promptSeconds, amplitude: 0.4, sampleRate: 16000)
                request.zeroShotRequest.promptAudio = PCM16Encoder.pcm16(tone.samples)
                let result = try await server.withClient { try await $0.collect(request) }
                audio = AudioFormat.pcm.decode16(result.pcm, sampleRate: try #require(result.sampleRate))
            }
            expectSpeech(audio, atLeast: 1.5)
            let records = await triton.records(containing: marker, count: 2)
            #expect(records.count >= 2, "one request per segment")
            for record in records {
                expectReference(record, frequency: BackendServer.promptFrequency, transcript: transcript)
                #expect(record.responses >= 2, "the model streamed several responses")
            }
            #expect(Set(records.map(\.id)).count == records.count, "request ids are unique")
            #expect(records.allSatisfy { !$0.id.isEmpty })
            let first = try #require(records.first { $0.targetText.hasPrefix("Hello") })
            #expect(records.allSatisfy { $0.targetText.count >= first.targetText.count }, "the first segment is the short one")
        }
    }

    /// Cross-lingual sends the prompt with an empty transcript (the models' way of copying a voice across
    /// languages), on each surface.
    @Test("cross-lingual on each surface sends the prompt with an empty transcript", arguments: ["json", "form", "grpc"])
    func crossLingual(surface: String) async throws {
        let marker = "crossling\(surface)"
        let text = "Good morning \(marker), the weather is fine today."
        try await BackendServer.run { server, triton in
            let audio: AudioChunk
            switch surface {
            case "json":
                let reply = try await server.send(.POST, "/tts/cross_lingual", .json([
                    "tts_text": text, "prompt_audio_base64": BackendServer.prompt(BackendServer.promptFrequency).base64EncodedString(),
                ]))
                #expect(reply.status == 200)
                audio = try AudioFormat.mp3.decode(reply.body, sampleRate: 0)
            case "form":
                let reply = try await server.send(.POST, "/inference_cross_lingual", .multipart(
                    ["tts_text": text], files: ["prompt_wav": ("prompt.wav", BackendServer.prompt(BackendServer.promptFrequency))]))
                #expect(reply.status == 200)
                audio = try AudioFormat.pcm.decode(reply.body, sampleRate: try #require(reply.sampleRate))
            default:
                var request = Cosyvoice_Request()
                request.crossLingualRequest.ttsText = text
                let tone = TestSignals.tone(BackendServer.promptFrequency, seconds: BackendServer.promptSeconds, amplitude: 0.4, sampleRate: 16000)
                request.crossLingualRequest.promptAudio = PCM16Encoder.pcm16(tone.samples)
                let result = try await server.withClient { try await $0.collect(request) }
                audio = AudioFormat.pcm.decode16(result.pcm, sampleRate: try #require(result.sampleRate))
            }
            expectSpeech(audio)
            let records = await triton.records(containing: marker, count: 1)
            #expect(!records.isEmpty)
            for record in records { expectReference(record, frequency: BackendServer.promptFrequency, transcript: "") }
        }
    }

    /// A cloned speaker keeps its prompt: named on any surface, its stored recording and transcript go to the
    /// model (cloned speakers follow the zero-shot route).
    @Test("a cloned speaker sends its stored prompt on each surface", arguments: ["json", "form", "grpc"])
    func clonedSpeaker(surface: String) async throws {
        let marker = "cloned\(surface)"
        let text = "Nice to meet you \(marker)."
        let transcript = "what the cloned voice said"
        try await BackendServer.run { server, triton in
            let clone = try await server.send(.POST, "/clone", .multipart(["spk_id": "tenor", "prompt_text": transcript],
                                                                          files: ["prompt_audio": ("tenor.wav", BackendServer.prompt(BackendServer.clonedFrequency))]))
            #expect(clone.status == 200)
            let audio: AudioChunk
            switch surface {
            case "json":
                let reply = try await server.send(.POST, "/tts", .json(["tts_text": text, "spk_id": "tenor"]))
                #expect(reply.status == 200)
                audio = try AudioFormat.mp3.decode(reply.body, sampleRate: 0)
            case "form":
                let reply = try await server.send(.POST, "/inference_sft", .form(["tts_text": text, "spk_id": "tenor"]))
                #expect(reply.status == 200)
                audio = try AudioFormat.pcm.decode(reply.body, sampleRate: try #require(reply.sampleRate))
            default:
                var request = Cosyvoice_Request()
                request.sftRequest.spkID = "tenor"
                request.sftRequest.ttsText = text
                let result = try await server.withClient { try await $0.collect(request) }
                audio = AudioFormat.pcm.decode16(result.pcm, sampleRate: try #require(result.sampleRate))
            }
            expectSpeech(audio)
            let records = await triton.records(containing: marker, count: 1)
            #expect(!records.isEmpty)
            for record in records { expectReference(record, frequency: BackendServer.clonedFrequency, transcript: transcript) }
        }
    }

    /// A preset id routed to the backend speaks with its configured recording, also through the OpenAI API.
    @Test("a preset speaker on the backend sends its configured recording, also through /v1/audio/speech")
    func presetSpeaker() async throws {
        try await BackendServer.run { server, triton in
            let reply = try await server.send(.POST, "/v1/audio/speech", .json(["model": "tts-1", "input": "Welcome presetopenai.",
                                                                                 "voice": "中文女", "response_format": "mp3"]))
            #expect(reply.status == 200)
            expectSpeech(try AudioFormat.mp3.decode(reply.body, sampleRate: 0))
            let sft = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "Welcome presetjson.", "spk_id": "中文女"]))
            #expect(sft.status == 200)
            for marker in ["presetopenai", "presetjson"] {
                let records = await triton.records(containing: marker, count: 1)
                #expect(records.count == 1)
                for record in records { expectReference(record, frequency: BackendServer.presetFrequency, transcript: BackendServer.presetTranscript) }
            }
            // Speakers that are not routed stay on the local engines.
            let local = try await server.send(.POST, "/tts/pcm", .json(["tts_text": "Local localvoice.", "spk_id": "英文女"]))
            #expect(local.status == 200)
            #expect(triton.records(containing: "localvoice").isEmpty)
        }
    }

    /// While one segment streams, the next is already being synthesised.
    @Test("the next segment is requested while the current one streams")
    func segmentsArePipelined() async throws {
        try await BackendServer.run { server, triton in
            let reply = try await server.send(.POST, "/tts/zero_shot", .json([
                "tts_text": "Pipeline SLOW one, spoken slowly by the model in several pieces. And pipeline two follows it right after the first one.", "prompt_text": "prompt", "stream": true,
                "prompt_audio_base64": BackendServer.prompt(BackendServer.promptFrequency).base64EncodedString(),
            ]))
            #expect(reply.status == 200)
            let records = await triton.records(containing: "ipeline", count: 2)
            #expect(records.count >= 2)
            // Sent one after the other, the second segment would reach the model only after the first's final
            // response; pipelined, it arrives while the slow first one is still streaming.
            let slow = try #require(records.first { $0.targetText.contains("SLOW") })
            let next = try #require(records.first { !$0.targetText.contains("SLOW") })
            #expect(next.received < slow.finished, "the second request arrived before the first had finished")
            let metrics = try await server.metrics()
            #expect((metrics.value(#"cosyvoice_backend_requests_total{backend="gpu"}"#) ?? 0) >= 2)
            #expect((metrics.value(#"cosyvoice_backend_first_chunk_seconds_count{backend="gpu"}"#) ?? 0) >= 2)
            #expect(metrics.value(#"cosyvoice_backend_in_flight{backend="gpu"}"#) == 0)
        }
    }

    /// What the backend cannot do is refused naming the field, before anything is sent to it.
    @Test("speed and rate-changing instructions are refused with 400 naming the field")
    func unsupportedControlsAreRefused() async throws {
        try await BackendServer.run { server, triton in
            let prompt = BackendServer.prompt(BackendServer.promptFrequency).base64EncodedString()
            let fast = try await server.send(.POST, "/tts/zero_shot", .json(["tts_text": "Refused speedrefusal.", "prompt_text": "p",
                                                                               "prompt_audio_base64": prompt, "speed": 1.5]))
            #expect(fast.status == 400)
            #expect(fast.detail?.contains("speed") == true)
            let slow = try await server.send(.POST, "/inference_instruct2", .multipart(
                ["tts_text": "Refused instructrefusal.", "instruct_text": "Speak very slowly."],
                files: ["prompt_wav": ("prompt.wav", BackendServer.prompt(BackendServer.promptFrequency))]))
            #expect(slow.status == 400)
            #expect(slow.detail?.contains("instruct_text") == true)
            try await Task.sleep(for: .milliseconds(300))
            #expect(triton.records(containing: "refusal").isEmpty)
        }
    }

    /// A client that goes away cancels the Triton request: the model sees the cancellation.
    @Test("a client that disconnects cancels the Triton stream")
    func disconnectCancelsTheBackendRequest() async throws {
        // The model streams for a minute, so the cancellation has time to reach it from a busy machine.
        try await BackendServer.run { server, triton in
            let (started, startedContinuation) = AsyncStream<Void>.makeStream()
            let client = Task {
                let response = try await server.open(.POST, "/tts/pcm", .json(["tts_text": "Abandoned LINGER abandonmarker request.",
                                                                                "spk_id": "中文女", "stream": true]))
                var body = response.body.makeAsyncIterator()
                _ = try await body.next()
                startedContinuation.yield()
                try await Task.sleep(for: .seconds(600))
            }
            var iterator = started.makeAsyncIterator()
            await iterator.next()
            client.cancel()
            _ = await client.result
            let records = await triton.records(containing: "abandonmarker", count: 1)
            #expect(records.count == 1)
            #expect(records.first?.cancelled == true)
            #expect(await eventually { server.service.scheduler.admittedCount == 0 })
        }
    }
}

extension AudioFormat {
    /// int16 LE PCM as it arrives over gRPC.
    func decode16(_ data: Data, sampleRate: Int) -> AudioChunk {
        AudioChunk(samples: PCM16Encoder.floats(fromPCM16: data), sampleRate: sampleRate)
    }
}
