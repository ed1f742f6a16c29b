import ArgumentParser
import AudioIO
import Foundation
import GRPCAPI
import GRPCCore
import GRPCNIOTransportHTTP2
import Server

/// `cosyvoice client grpc`: the reference gRPC client. The prompt is resampled to 16 kHz int16 before it is
/// sent, as `prompt_audio` must be; the output rate comes from the `x-sample-rate` metadata.
struct ClientGRPCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grpc", abstract: "Call cosyvoice.CosyVoice/Inference.")

    @Option(help: "Server gRPC port.")
    var port = ServerConfiguration().grpcPort

    @OptionGroup var options: ClientOptions

    func run() async throws {
        let request = try makeRequest()
        let transport = try HTTP2ClientTransport.Posix(target: .dns(host: options.host, port: port), transportSecurity: .plaintext)
        let audio = try await withGRPCClient(transport: transport) { client in
            try await Cosyvoice_CosyVoice.Client(wrapping: client).inference(request) { response in
                if case .failure(let error) = response.accepted { throw error }
                let reported = response.metadata[stringValues: CosyVoiceMetadata.sampleRate].first(where: { _ in true })
                var audio = ReceivedAudio(sampleRate: ReceivedAudio.sampleRate(reported: reported, source: CosyVoiceMetadata.sampleRate))
                for try await message in response.messages { audio.append(message.ttsAudio) }
                return audio
            }
        }
        try audio.save(to: options.ttsWAV)
    }

    func makeRequest() throws -> Cosyvoice_Request {
        var request = Cosyvoice_Request()
        switch options.mode {
        case .sft:
            request.sftRequest = .with {
                $0.spkID = options.spkID
                $0.ttsText = options.ttsText
            }
        case .zeroShot:
            let prompt = try promptPCM16()
            request.zeroShotRequest = .with {
                $0.ttsText = options.ttsText
                $0.promptText = options.promptText
                $0.promptAudio = prompt
            }
        case .crossLingual:
            let prompt = try promptPCM16()
            request.crossLingualRequest = .with {
                $0.ttsText = options.ttsText
                $0.promptAudio = prompt
            }
        case .instruct:
            request.instructRequest = .with {
                $0.ttsText = options.ttsText
                $0.spkID = options.spkID
                $0.instructText = options.instructText
            }
        case .instruct2:
            throw ValidationError("the gRPC service has no instruct2 mode; use `cosyvoice client rest --mode instruct2`")
        }
        return request
    }

    /// The prompt file decoded, mixed to mono and resampled to raw int16 LE at 16 kHz.
    private func promptPCM16() throws -> Data {
        let decoded: AudioChunk
        do {
            decoded = try AudioDecoder.decode(try options.promptBytes())
        } catch let error as AudioError {
            throw ValidationError("--prompt_wav \(options.promptWAV): \(error)")
        }
        return PCM16Encoder.pcm16(Resampler.resample(decoded, to: PromptRules.rawPCMSampleRate).samples)
    }
}
