import AudioIO
import Foundation
import GRPCAPI
import HTTPAPI
import Server
import Synthesis
import TextFrontend

/// The code that reads untrusted bytes, one harness each. A harness must never crash: every input ends in
/// values or a refusal, and ``crasherOutcome`` says which of the two a kept crasher must replay to.
enum FuzzHarness: String, CaseIterable, Sendable {
    /// Any bytes as an uploaded prompt file (libsndfile through our memory I/O), then the prompt rules.
    case audioDecoder = "audio-decoder"
    /// Bytes as `prompt_audio_base64` text, decoded, then as a prompt file.
    case base64Audio = "base64-audio"
    /// A real FLAC, OGG (Vorbis, Opus), MP3 or WAV file whose header fields and bytes come from the input
    /// (``PromptFile``), decoded with the prompt rules and analysed as a cloned speaker's prompt is.
    case promptFile = "prompt-file"
    /// Bytes as a `multipart/form-data` body (boundary ``multipartBoundary``), read as every form route does.
    case multipartForm = "multipart-form"
    /// A `Content-Type` value up to the first newline, then a body: the boundary comes from the input too.
    case multipartContentType = "multipart-content-type"
    /// A query string up to the first newline, then an `application/x-www-form-urlencoded` body (all body when
    /// there is no newline), read as every form route reads them.
    case urlencodedForm = "urlencoded-form"
    /// Bytes as a JSON body, read as every general route does, each request's text then through the text
    /// front end as synthesis would.
    case jsonRequest = "json-request"
    /// Bytes as a serialized gRPC `cosyvoice.Request`, read as `Inference` does.
    case grpcRequest = "grpc-request"
    /// Arbitrary Unicode through the text front end (``TextFrontendRun``).
    case textFrontend = "text-frontend"
    /// Bytes as a grammar tagger's output (`money { currency: "¥" value: "58.5" }`), read and written back in
    /// the Chinese and the English field orders, as between tagger and verbaliser. The tagger echoes request
    /// text, so this reader sees hostile bytes.
    case taggedTokens = "tagged-tokens"
    /// Bytes as `voices.yaml`, checked as start-up checks it (keys, backends, durations, modes, speaker entries,
    /// OpenAI voices) up to the network and the recordings' files.
    case voicesFile = "voices-file"

    /// The boundary the multipart harness and its seed corpus use.
    static let multipartBoundary = "fuzzboundary"

    /// What a replayed crasher must end in, beyond not crashing.
    enum CrasherOutcome {
        /// Zero values: every input that crashed this harness so far was malformed, and must be refused.
        case refused
        /// Anything: the input may be valid (a JSON request whose text crashed the front end, a playable
        /// file), or the harness has no refusal (the text front end reads every text).
        case any
    }

    var crasherOutcome: CrasherOutcome {
        switch self {
        case .audioDecoder, .base64Audio, .multipartForm, .multipartContentType, .urlencodedForm, .grpcRequest: .refused
        case .promptFile, .jsonRequest, .textFrontend, .taggedTokens, .voicesFile: .any
        }
    }

    /// Runs one input; returns how many requests, prompts or segments came out of it (a refusal counts none).
    @discardableResult
    func run(_ bytes: Data) -> Int {
        let rules = PromptRules()
        switch self {
        case .audioDecoder:
            return (try? rules.decodePrompt(bytes)) == nil ? 0 : 1
        case .base64Audio:
            guard let data = try? Base64Audio.decode(String(decoding: bytes, as: UTF8.self)) else { return 0 }
            return (try? rules.decodePrompt(data)) == nil ? 0 : 1
        case .promptFile:
            guard let file = PromptFile(bytes), let prompt = try? rules.decodePrompt(file.data) else { return 0 }
            _ = PromptAnalysis.analyse(prompt)
            return 1
        case .multipartForm:
            return Self.requests(body: bytes, contentType: "multipart/form-data; boundary=\(Self.multipartBoundary)")
        case .multipartContentType:
            let (contentType, body) = Self.firstLine(of: bytes)
            return Self.requests(body: body ?? Data(), contentType: String(decoding: contentType, as: UTF8.self))
        case .urlencodedForm:
            let (first, rest) = Self.firstLine(of: bytes)
            let (query, body) = rest.map { (String(decoding: first, as: UTF8.self), $0) } ?? (nil, first)
            return Self.requests(body: body, contentType: "application/x-www-form-urlencoded", query: query)
        case .jsonRequest:
            guard let fields = try? RequestFields.parse(bytes, contentType: "application/json", query: nil) else { return 0 }
            let requests = SynthesisRequest.fromEveryRoute(fields)
            for request in requests { TextFrontendRun.run(request) }
            return requests.count
        case .grpcRequest:
            guard let message = try? Cosyvoice_Request(serializedBytes: bytes),
                  let request = try? SynthesisRequest(message) else { return 0 }
            switch request.mode {
            case .zeroShot(_, .pcm16(let pcm, let rate)), .crossLingual(.pcm16(let pcm, let rate)):
                return (try? rules.validatePCM16(pcm, sampleRate: rate)) == nil ? 0 : 1
            default:
                return 1
            }
        case .textFrontend:
            return TextFrontendRun.run(bytes)
        case .taggedTokens:
            guard let tokens = TaggedTokens(parsing: String(decoding: bytes, as: UTF8.self)) else { return 0 }
            let chinese = tokens.serialised(in: .chinese)
            let english = tokens.serialised(in: .english)
            // Written back, the text reads as the same tokens (fields reordered, the last value of a repeated one).
            precondition(TaggedTokens(parsing: chinese) != nil && TaggedTokens(parsing: english) != nil)
            return tokens.tokens.count
        case .voicesFile:
            return Self.voicesFileEntries(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// The backends, modes, speaker entries and OpenAI voices of a voices file that passes every check; 0 when
    /// start-up would refuse it.
    private static func voicesFileEntries(_ text: String) -> Int {
        let path = "voices.yaml"
        guard let file = try? BackendsFile.parse(text, path: path),
              let backends = try? BackendsConfiguration.configurations(in: file, path: path),
              let modes = try? BackendsConfiguration.modes(in: file, backends: Set(backends.map(\.name)), path: path),
              let assignments = try? SpeakerAssignments.parse(text, path: path) else { return 0 }
        return backends.count + modes.count + (file.speakers?.count ?? 0) + (assignments.openai_voices?.count ?? 0)
    }

    /// Parses a body (and query string) and reads it as each route's request model.
    private static func requests(body: Data, contentType: String, query: String? = nil) -> Int {
        guard let fields = try? RequestFields.parse(body, contentType: contentType, query: query) else { return 0 }
        return SynthesisRequest.fromEveryRoute(fields).count
    }

    /// The bytes before the first newline (without a CR before it), and those after it; nil when there is none.
    private static func firstLine(of bytes: Data) -> (line: Data, rest: Data?) {
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return (bytes, nil) }
        var line = bytes[..<newline]
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        return (Data(line), Data(bytes[bytes.index(after: newline)...]))
    }
}
