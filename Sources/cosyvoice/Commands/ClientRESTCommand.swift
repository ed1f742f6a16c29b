import ArgumentParser
import AsyncHTTPClient
import Foundation
import HTTPAPI
import NIOCore
import Server

/// `cosyvoice client rest`: the reference HTTP client. Like it, this sends a **GET** with a form body to
/// `/inference_<mode>`: multipart when a prompt file goes along, URL-encoded otherwise (what Python's
/// `requests` does with `data=` and `files=`), then streams the raw PCM. The rate comes from `X-Sample-Rate`.
struct ClientRESTCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rest", abstract: "Call /inference_<mode> of the basic form API.")

    @Option(help: "Server HTTP port.")
    var port = ServerConfiguration().port

    @OptionGroup var options: ClientOptions

    func run() async throws {
        var request = HTTPClientRequest(url: "http://\(urlHost):\(port)/inference_\(options.mode.rawValue)")
        request.method = .GET
        let form = try makeForm()
        request.headers.add(name: "Content-Type", value: form.contentType)
        request.body = .bytes(ByteBuffer(bytes: form.body))

        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(3600))
        guard response.status == .ok else {
            let detail = try await response.body.collect(upTo: 1 << 20)
            throw ValidationError("HTTP \(response.status.code): \(String(buffer: detail))")
        }
        var audio = ReceivedAudio(sampleRate: ReceivedAudio.sampleRate(reported: response.headers.first(name: CosyVoiceHeader.sampleRate), source: CosyVoiceHeader.sampleRate))
        for try await buffer in response.body { audio.append(Data(buffer.readableBytesView)) }
        try audio.save(to: options.ttsWAV)
    }

    private var urlHost: String { options.host.contains(":") ? "[\(options.host)]" : options.host }

    /// The mode's fields, as the reference client sends them.
    func makeForm() throws -> FormBody {
        var fields: [(String, String)] = [("tts_text", options.ttsText)]
        switch options.mode {
        case .sft: fields.append(("spk_id", options.spkID))
        case .zeroShot: fields.append(("prompt_text", options.promptText))
        case .crossLingual: break
        case .instruct: fields += [("spk_id", options.spkID), ("instruct_text", options.instructText)]
        case .instruct2: fields.append(("instruct_text", options.instructText))
        }
        guard options.mode.sendsPrompt else { return .urlEncoded(fields) }
        return .multipart(fields, file: (name: "prompt_wav", filename: "prompt_wav", data: try options.promptBytes()))
    }
}

/// A request body of form fields.
struct FormBody {
    var contentType: String
    var body: Data

    static func urlEncoded(_ fields: [(String, String)]) -> FormBody {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        let encoded = fields.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }
        return FormBody(contentType: "application/x-www-form-urlencoded", body: Data(encoded.joined(separator: "&").utf8))
    }

    static func multipart(_ fields: [(String, String)], file: (name: String, filename: String, data: Data)) -> FormBody {
        let boundary = "cosyvoice-\(UUID().uuidString)"
        var body = Data()
        for (name, value) in fields {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
        body.append(file.data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        return FormBody(contentType: "multipart/form-data; boundary=\(boundary)", body: body)
    }
}
