import AsyncHTTPClient
import AudioIO
import CosyVoiceTesting
import Foundation
import GRPCAPI
import GRPCCore
import GRPCNIOTransportHTTP2
import HTTPAPI
import NIOCore
import Synthesis

/// How one request of a load run went, as its client saw it.
struct RequestOutcome: Sendable {
    enum Status: Sendable, Equatable {
        case ok
        /// Refused for capacity: HTTP 429/503 or gRPC RESOURCE_EXHAUSTED.
        case rejected
        case failed(String)
    }

    var status: Status
    var textIndex: Int
    var stream: Bool
    /// Seconds from sending the request to the first byte of audio; nil when none came.
    var firstByteSeconds: Double?
    /// Seconds from sending the request to the end of the response.
    var totalSeconds: Double
    /// Seconds of audio received.
    var audioSeconds: Double
}

/// One kind of request a load client sends.
struct RequestKind: Sendable {
    var textIndex: Int
    var stream: Bool
    /// MP3 (`/tts`) rather than raw PCM (`/tts/pcm`); HTTP only.
    var mp3: Bool
}

/// Something that answers synthesis requests: our HTTP or gRPC surface, or a peer server.
protocol LoadTarget: Sendable {
    func send(_ text: String, kind: RequestKind) async -> RequestOutcome
}

/// Our JSON API: `POST /tts/pcm` (or `/tts` for MP3) with an `SftRequest`.
struct CosyVoiceHTTPTarget: LoadTarget {
    let client: HTTPClient
    let baseURL: String
    let speaker: String

    func send(_ text: String, kind: RequestKind) async -> RequestOutcome {
        var request = HTTPClientRequest(url: baseURL + (kind.mp3 ? "/tts" : "/tts/pcm"))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        let body = try! JSONSerialization.data(withJSONObject: ["tts_text": text, "spk_id": speaker, "stream": kind.stream])
        request.body = .bytes(ByteBuffer(bytes: body))
        return await HTTPExchange.run(client: client, request: request, kind: kind) { response, bytes in
            if kind.mp3 {
                return (try? AudioDecoder.decode(bytes))?.duration ?? 0
            }
            let rate = response.headers.first(name: CosyVoiceHeader.sampleRate).flatMap(Int.init) ?? RawPCMRate.referenceRate
            return Double(bytes.count / 2) / Double(rate)
        }
    }
}

/// OpenAI's speech API on our server: `POST /v1/audio/speech` with `voice` = the speaker and the given
/// `response_format`, streamed as audio; the body is decoded to count its seconds.
struct OpenAISpeechTarget: LoadTarget {
    let client: HTTPClient
    let baseURL: String
    let voice: String
    let format: AudioFormat

    func send(_ text: String, kind: RequestKind) async -> RequestOutcome {
        var request = HTTPClientRequest(url: baseURL + "/v1/audio/speech")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        let body = try! JSONSerialization.data(withJSONObject: ["model": "tts-1", "input": text, "voice": voice, "response_format": format.rawValue])
        request.body = .bytes(ByteBuffer(bytes: body))
        return await HTTPExchange.run(client: client, request: request, kind: kind) { [format] _, bytes in
            // OpenAI's pcm is 24 kHz; the other formats carry their rate.
            (try? format.decode(bytes, sampleRate: 24000))?.duration ?? 0
        }
    }
}

/// The Piper HTTP server of `piper-tts` (`python -m piper.http_server`): `POST /synthesize` (piper-tts 1.4
/// and later; `POST /` in 1.3) with `{"text": …}`, answered with one WAV file once the whole text is synthesised.
struct PiperHTTPTarget: LoadTarget {
    let client: HTTPClient
    let baseURL: String
    let path: String

    func send(_ text: String, kind: RequestKind) async -> RequestOutcome {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: ["text": text])))
        return await HTTPExchange.run(client: client, request: request, kind: kind) { _, bytes in
            WAVLength.seconds(of: bytes)
        }
    }
}

/// One HTTP request, timed to the first body byte and to the end of the body.
enum HTTPExchange {
    static func run(client: HTTPClient, request: HTTPClientRequest, kind: RequestKind,
                    audioSeconds: (HTTPClientResponse, Data) -> Double) async -> RequestOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        var outcome = RequestOutcome(status: .ok, textIndex: kind.textIndex, stream: kind.stream, firstByteSeconds: nil,
                                     totalSeconds: 0, audioSeconds: 0)
        do {
            let response = try await client.execute(request, timeout: .seconds(600))
            guard response.status == .ok else {
                let detail = try await response.body.collect(upTo: 1 << 16)
                outcome.totalSeconds = (clock.now - start).seconds
                let code = response.status.code
                outcome.status = code == 429 || code == 503 ? .rejected : .failed("HTTP \(code): \(String(buffer: detail).prefix(200))")
                return outcome
            }
            var bytes = Data()
            for try await buffer in response.body where buffer.readableBytes > 0 {
                if outcome.firstByteSeconds == nil { outcome.firstByteSeconds = (clock.now - start).seconds }
                bytes.append(contentsOf: buffer.readableBytesView)
            }
            outcome.totalSeconds = (clock.now - start).seconds
            outcome.audioSeconds = audioSeconds(response, bytes)
            if outcome.audioSeconds <= 0 { outcome.status = .failed("no audio in a 200 response") }
        } catch {
            outcome.totalSeconds = (clock.now - start).seconds
            outcome.status = .failed("\(error)")
        }
        return outcome
    }
}

/// Our gRPC surface: `cosyvoice.CosyVoice/Inference` with an `sftRequest` (always streamed).
struct CosyVoiceGRPCTarget: LoadTarget {
    let client: Cosyvoice_CosyVoice.Client<GRPCClientTransportBox>
    let speaker: String

    func send(_ text: String, kind: RequestKind) async -> RequestOutcome {
        var request = Cosyvoice_Request()
        request.sftRequest = .with {
            $0.spkID = speaker
            $0.ttsText = text
        }
        let clock = ContinuousClock()
        let start = clock.now
        var outcome = RequestOutcome(status: .ok, textIndex: kind.textIndex, stream: true, firstByteSeconds: nil,
                                     totalSeconds: 0, audioSeconds: 0)
        do {
            let (first, bytes, rate) = try await client.inference(request) { response in
                let rate = response.metadata[stringValues: CosyVoiceMetadata.sampleRate].first(where: { _ in true }).flatMap { Int($0) } ?? RawPCMRate.referenceRate
                var first: Double?
                var bytes = 0
                for try await message in response.messages where !message.ttsAudio.isEmpty {
                    if first == nil { first = (clock.now - start).seconds }
                    bytes += message.ttsAudio.count
                }
                return (first, bytes, rate)
            }
            outcome.firstByteSeconds = first
            outcome.audioSeconds = Double(bytes / 2) / Double(rate)
            if bytes == 0 { outcome.status = .failed("no audio") }
        } catch let error as RPCError where error.code == .resourceExhausted {
            outcome.status = .rejected
        } catch {
            outcome.status = .failed("\(error)")
        }
        outcome.totalSeconds = (clock.now - start).seconds
        return outcome
    }
}

/// The transport type the gRPC target uses, named once.
typealias GRPCClientTransportBox = HTTP2ClientTransport.Posix

/// Duration of a PCM WAV file from its header.
enum WAVLength {
    static func seconds(of wav: Data) -> Double {
        let bytes = [UInt8](wav)
        guard bytes.count >= 44, bytes[0..<4] == [0x52, 0x49, 0x46, 0x46] else { return 0 }
        func le32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        func le16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        var offset = 12
        var rate = 0, channels = 1, bits = 16
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = le32(offset + 4)
            if id == "fmt " {
                channels = max(1, le16(offset + 10))
                rate = le32(offset + 12)
                bits = max(8, le16(offset + 22))
            } else if id == "data" {
                let available = min(size, bytes.count - offset - 8)
                guard rate > 0 else { return 0 }
                return Double(available / (channels * bits / 8)) / Double(rate)
            }
            offset += 8 + size + (size & 1)
        }
        return 0
    }
}
