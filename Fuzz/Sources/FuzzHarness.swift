import AudioIO
import Foundation
import GRPCAPI
import HTTPAPI
import Synthesis

/// The parsers that read untrusted bytes, one harness each. A harness must never crash: every input ends in
/// a value or a thrown error, which is the outcome the regression tests check.
enum FuzzHarness: String, CaseIterable, Sendable {
    /// Any bytes as an uploaded prompt file (libsndfile through our memory I/O), then the prompt rules.
    case audioDecoder = "audio-decoder"
    /// Bytes as `prompt_audio_base64` text, decoded, then as a prompt file.
    case base64Audio = "base64-audio"
    /// Bytes as a `multipart/form-data` body (boundary ``multipartBoundary``), read as every form route does.
    case multipartForm = "multipart-form"
    /// Bytes as a JSON body, read as every general route does.
    case jsonRequest = "json-request"
    /// Bytes as a serialized gRPC `cosyvoice.Request`, read as `Inference` does.
    case grpcRequest = "grpc-request"

    /// The boundary the multipart harness and its seed corpus use.
    static let multipartBoundary = "fuzzboundary"

    /// Runs one input; returns how many requests or values came out of it (errors count as none).
    @discardableResult
    func run(_ bytes: Data) -> Int {
        let rules = PromptRules()
        switch self {
        case .audioDecoder:
            guard let chunk = try? AudioDecoder.decode(bytes) else { return 0 }
            return (try? rules.validate(chunk)) == nil ? 0 : 1
        case .base64Audio:
            guard let data = try? Base64Audio.decode(String(decoding: bytes, as: UTF8.self)) else { return 0 }
            return (try? rules.decodePrompt(data)) == nil ? 0 : 1
        case .multipartForm:
            return Self.requests(bytes, contentType: "multipart/form-data; boundary=\(Self.multipartBoundary)")
        case .jsonRequest:
            return Self.requests(bytes, contentType: "application/json")
        case .grpcRequest:
            guard let message = try? Cosyvoice_Request(serializedBytes: bytes),
                  let request = try? SynthesisRequest(message) else { return 0 }
            switch request.mode {
            case .zeroShot(_, .pcm16(let pcm, let rate)), .crossLingual(.pcm16(let pcm, let rate)):
                return (try? rules.validatePCM16(pcm, sampleRate: rate)) == nil ? 0 : 1
            default:
                return 1
            }
        }
    }

    /// Parses a body and reads it as each route's request model.
    private static func requests(_ body: Data, contentType: String) -> Int {
        guard let fields = try? RequestFields.parse(body, contentType: contentType) else { return 0 }
        return SynthesisRequest.fromEveryRoute(fields).count
    }
}
