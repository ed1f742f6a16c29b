import Foundation
import NIOCore

/// How encoded audio is framed in a response body: as it is, or as OpenAI's server-sent events
/// (`stream_format: sse`), where each piece of audio travels base64-encoded in a `speech.audio.delta` event and
/// a `speech.audio.done` event ends the stream.
enum AudioFraming: Sendable {
    case raw
    /// Server-sent events; `inputCharacters` is reported as the usage's input tokens.
    case serverSentEvents(inputCharacters: Int)

    /// The media type of a body framed this way, for audio of `mediaType`.
    func contentType(audio mediaType: String) -> String {
        switch self {
        case .raw: mediaType
        case .serverSentEvents: Self.serverSentEventsMediaType
        }
    }

    static let serverSentEventsMediaType = "text/event-stream"

    /// One piece of encoded audio, framed.
    func frame(_ bytes: Data) -> ByteBuffer {
        switch self {
        case .raw:
            return ByteBuffer(bytes: bytes)
        case .serverSentEvents:
            return Self.event(#"{"type":"speech.audio.delta","audio":"\#(bytes.base64EncodedString())"}"#)
        }
    }

    /// What closes a complete body, after the last audio; `audioBytes` is the encoded audio sent.
    func end(audioBytes: Int) -> ByteBuffer? {
        switch self {
        case .raw:
            return nil
        case .serverSentEvents(let input):
            // OpenAI counts tokens; characters in and bytes out are the honest measures this server has.
            return Self.event(#"{"type":"speech.audio.done","usage":{"input_tokens":\#(input),"output_tokens":\#(audioBytes),"total_tokens":\#(input + audioBytes)}}"#)
        }
    }

    private static func event(_ json: String) -> ByteBuffer {
        ByteBuffer(string: "data: \(json)\n\n")
    }
}
