import Foundation
import GRPCAPI
import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization

extension RunningServer {
    /// Runs `body` with a grpc-swift-2 client of the CosyVoice service connected to this server.
    public func withClient<Result: Sendable>(
        _ body: (Cosyvoice_CosyVoice.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        try await withRawClient { try await body(Cosyvoice_CosyVoice.Client(wrapping: $0)) }
    }

    /// Runs `body` with a client of the standard health service connected to this server.
    public func withHealthClient<Result: Sendable>(
        _ body: (Grpc_Health_V1_Health.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        try await withRawClient { try await body(Grpc_Health_V1_Health.Client(wrapping: $0)) }
    }

    /// Runs `body` with a plain grpc-swift-2 client connected to this server.
    public func withRawClient<Result: Sendable>(_ body: (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> Result) async throws -> Result {
        try await withGRPCClient(
            transport: .http2NIOPosix(target: .ipv4(address: "127.0.0.1", port: grpcPort), transportSecurity: .plaintext),
            handleClient: body
        )
    }
}

/// What one call returned: the initial metadata and every `tts_audio`.
public struct CallResult: Sendable {
    public var metadata: Metadata
    public var messages: [Data]

    public init(metadata: Metadata, messages: [Data]) {
        self.metadata = metadata
        self.messages = messages
    }

    public var sampleRate: Int? { metadata[stringValues: CosyVoiceMetadata.sampleRate].first(where: { _ in true }).flatMap(Int.init) }
    public var pcm: Data { messages.reduce(into: Data()) { $0.append($1) } }
    /// Seconds of int16 mono audio at the reported rate; 0 when no rate was reported.
    public var duration: Double {
        guard let sampleRate, sampleRate > 0 else { return 0 }
        return Double(pcm.count / 2) / Double(sampleRate)
    }
}

extension Cosyvoice_CosyVoice.Client where Transport == HTTP2ClientTransport.Posix {
    /// Runs a call to its end and returns what arrived.
    public func collect(_ request: Cosyvoice_Request, metadata: Metadata = [:]) async throws -> CallResult {
        try await inference(request, metadata: metadata) { response in
            var result = CallResult(metadata: response.metadata, messages: [])
            for try await message in response.messages { result.messages.append(message.ttsAudio) }
            return result
        }
    }

    /// The status code a call ends with (nil for OK), and how many messages arrived before it.
    public func failure(_ request: Cosyvoice_Request, metadata: Metadata = [:]) async -> (code: RPCError.Code?, messages: Int) {
        let messages = Mutex(0)
        do {
            _ = try await inference(request, metadata: metadata) { response in
                for try await _ in response.messages { messages.withLock { $0 += 1 } }
            }
            return (nil, messages.withLock { $0 })
        } catch let error as RPCError {
            return (error.code, messages.withLock { $0 })
        } catch {
            return (nil, messages.withLock { $0 })
        }
    }
}
