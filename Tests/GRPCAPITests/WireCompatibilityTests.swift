import CosyVoiceTesting
import Foundation
import GRPCAPI
import GRPCCore
import SwiftProtobuf
import Synthesis
import Testing

/// Protobuf bytes written by hand from the field numbers of api.md §5, so that a renumbered field in the
/// .proto (or regenerated code that drifted from it) fails here instead of breaking existing clients.
enum HandWritten {
    static func varint(_ value: Int) -> [UInt8] {
        var value = UInt64(value)
        var bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        return bytes + [UInt8(value)]
    }

    /// A length-delimited field (wire type 2): tag byte `field << 3 | 2`, length, bytes.
    static func field(_ number: Int, _ bytes: [UInt8]) -> [UInt8] {
        varint(number << 3 | 2) + varint(bytes.count) + bytes
    }

    static func field(_ number: Int, _ text: String) -> [UInt8] { field(number, Array(text.utf8)) }
    static func field(_ number: Int, _ data: Data) -> [UInt8] { field(number, [UInt8](data)) }
}

/// Sends hand-written bytes as the request and hands back each response message's raw bytes.
struct RawBytesSerializer: MessageSerializer, MessageDeserializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
    func deserialize<Bytes: GRPCContiguousBytes>(_ bytes: Bytes) throws -> [UInt8] {
        bytes.withUnsafeBytes { Array($0) }
    }
}

@Suite("Requests encoded by field number decode to the right mode and fields")
struct WireCompatibilityTests {
    @Test func sftRequestIsFieldOneWithSpeakerBeforeText() throws {
        // Request.sft_request = 1 { spk_id = 1, tts_text = 2 }
        let bytes = HandWritten.field(1, HandWritten.field(1, "中文女") + HandWritten.field(2, "你好。"))
        let request = try SynthesisRequest(try Cosyvoice_Request(serializedBytes: bytes))
        guard case .sft(let speaker) = request.mode else { Issue.record("\(request.mode)"); return }
        #expect(speaker == "中文女")
        #expect(request.text == "你好。")
    }

    @Test func zeroShotRequestIsFieldTwoWithRawPrompt() throws {
        // Request.zero_shot_request = 2 { tts_text = 1, prompt_text = 2, prompt_audio = 3 }
        let audio = tonePCM16(seconds: 1)
        let bytes = HandWritten.field(2, HandWritten.field(1, "你好。") + HandWritten.field(2, "希望你以后能够做的比我还好呦。")
                                         + HandWritten.field(3, audio))
        let request = try SynthesisRequest(try Cosyvoice_Request(serializedBytes: bytes))
        guard case .zeroShot(let promptText, .pcm16(let prompt, let rate)) = request.mode else { Issue.record("\(request.mode)"); return }
        #expect(request.text == "你好。")
        #expect(promptText == "希望你以后能够做的比我还好呦。")
        #expect(prompt == audio)
        #expect(rate == 16000)
    }

    @Test func crossLingualRequestIsFieldThreeWithTextBeforePrompt() throws {
        // Request.cross_lingual_request = 3 { tts_text = 1, prompt_audio = 2 }
        let audio = tonePCM16(seconds: 1)
        let bytes = HandWritten.field(3, HandWritten.field(1, "Hello.") + HandWritten.field(2, audio))
        let request = try SynthesisRequest(try Cosyvoice_Request(serializedBytes: bytes))
        guard case .crossLingual(.pcm16(let prompt, 16000)) = request.mode else { Issue.record("\(request.mode)"); return }
        #expect(request.text == "Hello.")
        #expect(prompt == audio)
    }

    @Test func instructRequestIsFieldFourWithTextSpeakerInstruction() throws {
        // Request.instruct_request = 4 { tts_text = 1, spk_id = 2, instruct_text = 3 }
        let bytes = HandWritten.field(4, HandWritten.field(1, "你好。") + HandWritten.field(2, "中文男") + HandWritten.field(3, "用很慢的语速说"))
        let request = try SynthesisRequest(try Cosyvoice_Request(serializedBytes: bytes))
        guard case .instruct(let speaker, let instruction) = request.mode else { Issue.record("\(request.mode)"); return }
        #expect(request.text == "你好。")
        #expect(speaker == "中文男")
        #expect(instruction == "用很慢的语速说")
    }

    @Test func theServerAnswersHandWrittenBytesWithTtsAudioFieldOne() async throws {
        let request = HandWritten.field(1, HandWritten.field(1, "中文女") + HandWritten.field(2, "你好。再见。"))
        try await TestServer.with { server in
            let messages = try await server.withRawClient { client in
                try await client.serverStreaming(
                    request: ClientRequest(message: request),
                    descriptor: MethodDescriptor(fullyQualifiedService: "cosyvoice.CosyVoice", method: "Inference"),
                    serializer: RawBytesSerializer(),
                    deserializer: RawBytesSerializer(),
                    options: .defaults
                ) { response in
                    var messages: [[UInt8]] = []
                    for try await message in response.messages { messages.append(message) }
                    return messages
                }
            }
            #expect(!messages.isEmpty)
            for message in messages {
                // Response.tts_audio = 1: tag 0x0A, varint length, then the PCM (an even number of bytes).
                #expect(message.first == 0x0A)
                var length = 0, shift = 0, index = 1
                while index < message.count {
                    let byte = message[index]
                    length |= Int(byte & 0x7F) << shift
                    shift += 7
                    index += 1
                    if byte < 0x80 { break }
                }
                #expect(length == message.count - index)
                #expect(length % 2 == 0)
            }
        }
    }
}
