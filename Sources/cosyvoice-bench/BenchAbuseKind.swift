import AudioIO
import Foundation

/// One request an abusive client sends, as the exact bytes of an HTTP/1.1 request (head and body), made once
/// and sent many times.
struct AbusiveRequest: Sendable {
    /// What it is, for the report (e.g. "FLAC, length unknown (900 s)").
    var name: String
    /// Request line, headers and body.
    var bytes: Data
    /// Bytes of the body alone.
    var bodyBytes: Int

    init(name: String, path: String, contentType: String, body: Data, port: Int) {
        self.name = name
        let head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: \(contentType)\r\n"
            + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        bytes = Data(head.utf8) + body
        bodyBytes = body.count
    }
}

/// The abusive requests of the hardening work, the worst of each kind. Each abusive client sends the requests
/// of its kind in turn, as fast as the server answers.
enum AbuseKind: String, CaseIterable, Codable, Sendable {
    /// Prompt audio that declares a huge length: a server that trusts the header or decodes to the end
    /// allocates gigabytes.
    case promptAudio = "prompt audio"
    /// A multipart boundary of 80 kB over a body of near-misses: a quadratic boundary search never ends.
    case multipartBoundary = "multipart boundary"
    /// A body near the limit whose cost grows with its size: a full server must refuse it before reading it.
    case admission
    /// One letter with ten million combining marks: counting characters (grapheme clusters) or normalising
    /// before the length check costs the whole text.
    case textLimits = "text limits"

    /// Room left under the body limit for a request's other fields (bytes), so every big body stays under it.
    private static let bodySlack = 2048
    private static let promptFormBoundary = "cosyvoice-bench-abuse"
    private static let shortText = "Hello."
    private static let promptText = "Hello there, this is my voice."

    /// The requests of this kind, with bodies sized to stay just under `bodyLimit` bytes.
    func requests(bodyLimit: Int, port: Int) throws -> [AbusiveRequest] {
        let requests = try make(budget: max(0, bodyLimit - Self.bodySlack), port: port)
        // Over the limit, a request would measure only the cheap 413.
        for request in requests where request.bodyBytes > bodyLimit {
            throw BenchError("the \(rawValue) body has \(request.bodyBytes) bytes, over the limit of \(bodyLimit)")
        }
        return requests
    }

    /// The requests of this kind, with big bodies of at most `budget` bytes plus their other fields.
    private func make(budget: Int, port: Int) throws -> [AbusiveRequest] {
        switch self {
        case .promptAudio:
            // 900 s compresses to tens of kB; with the length zeroed only decoding tells how long it is.
            let unknownLength = try LyingFLAC.silence(seconds: 900, sampleRate: 16000, channels: 1, declaredFrames: 0)
            // 2^31 frames × 8 channels of float samples would be 64 GiB if allocated from the header; the 0.25 s
            // it holds are under the prompt minimum, so a server that decodes what is there refuses it.
            let hugeDeclared = try LyingFLAC.silence(seconds: 0.25, sampleRate: 16000, channels: 8, declaredFrames: 1 << 31)
            return [
                Self.promptUpload(unknownLength, name: "FLAC, 900 s, length unknown", port: port),
                Self.promptUpload(hugeDeclared, name: "FLAC, 0.25 s, declares 2^31 frames × 8 ch", port: port),
            ]
        case .multipartBoundary:
            let boundary = String(repeating: "a", count: 80_000)
            // Every line but the last differs from the delimiter only in its final byte.
            let nearMiss = Array(("\r\n--" + boundary.dropLast() + "b").utf8)
            let closing = Array(("\r\n--" + boundary + "--\r\n").utf8)
            let lines = max(1, (budget - closing.count) / nearMiss.count)
            let body = Self.repeated(nearMiss, count: lines) + Data(closing)
            return [AbusiveRequest(name: "80 kB boundary, \(Self.megabytes(body.count)) body", path: "/tts/zero_shot",
                                   contentType: "multipart/form-data; boundary=\(boundary)", body: body, port: port)]
        case .admission:
            let template = ["tts_text": Self.shortText, "prompt_text": Self.promptText, "prompt_audio_base64": "", "stream": true] as [String: Any]
            // Unescaped slashes: escaping base64's '/' as "\/" would push the body over the limit.
            let overhead = try JSONSerialization.data(withJSONObject: template, options: .withoutEscapingSlashes).count
            // Base64 makes 4 characters of 3 bytes; the WAV header takes a little of the room.
            let wavBytes = (budget - overhead) / 4 * 3
            let samples = max(16000, (wavBytes - 512) / 2)
            let tone = (0..<samples).map { Float(sin(Double($0) * 2 * Double.pi * 220 / 16000) * 0.1) }
            let wav = try AudioFileWriter.write(channels: [tone], sampleRate: 16000, as: .wav)
            var fields = template
            fields["prompt_audio_base64"] = Base64Audio.encode(wav)
            let body = try JSONSerialization.data(withJSONObject: fields, options: .withoutEscapingSlashes)
            return [AbusiveRequest(name: "zero-shot JSON, \(Self.megabytes(body.count)), \(samples / 16000) s WAV prompt", path: "/tts/zero_shot",
                                   contentType: "application/json", body: body, port: port)]
        case .textLimits:
            let head = Data(#"{"spk_id":"英文男","stream":true,"tts_text":"a"#.utf8)
            let tail = Data(#""}"#.utf8)
            let combiningAcute: [UInt8] = [0xCC, 0x81]  // U+0301 in UTF-8
            let marks = (budget - head.count - tail.count) / combiningAcute.count
            let body = head + Self.repeated(combiningAcute, count: marks) + tail
            return [AbusiveRequest(name: "\"a\" + \(marks) × U+0301, \(Self.megabytes(body.count))", path: "/tts",
                                   contentType: "application/json", body: body, port: port)]
        }
    }

    /// A `/tts/zero_shot` form whose `prompt_wav` is `flac`.
    private static func promptUpload(_ flac: Data, name: String, port: Int) -> AbusiveRequest {
        func field(_ name: String, _ value: String) -> Data {
            Data("--\(promptFormBoundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        let body = field("tts_text", shortText) + field("prompt_text", promptText) + field("stream", "true")
            + Data("--\(promptFormBoundary)\r\nContent-Disposition: form-data; name=\"prompt_wav\"; filename=\"prompt.flac\"\r\nContent-Type: audio/flac\r\n\r\n".utf8)
            + flac + Data("\r\n--\(promptFormBoundary)--\r\n".utf8)
        return AbusiveRequest(name: "\(name), \(String(format: "%.1f", Double(flac.count) / 1024)) KiB", path: "/tts/zero_shot",
                              contentType: "multipart/form-data; boundary=\(promptFormBoundary)", body: body, port: port)
    }

    /// `unit` repeated `count` times, built by doubling (a few large copies rather than millions of appends).
    private static func repeated(_ unit: [UInt8], count: Int) -> Data {
        guard count > 0 else { return Data() }
        var data = Data(unit)
        data.reserveCapacity(unit.count * count)
        while data.count * 2 <= unit.count * count { data.append(data) }
        data.append(data.prefix(unit.count * count - data.count))
        return data
    }

    private static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }
}
