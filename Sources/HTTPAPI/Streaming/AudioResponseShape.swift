import AudioIO
import HTTPTypes

/// How a route sends audio: the encoding, the media type on the wire and the headers that go with it.
struct AudioResponseShape: Sendable {
    var format: AudioFormat
    var mediaType: String
    var headers: HTTPFields = [:]

    init(format: AudioFormat, mediaType: String? = nil, headers: HTTPFields = [:]) {
        self.format = format
        self.mediaType = mediaType ?? format.mediaType
        self.headers = headers
    }

    /// The format of `/tts`, `/tts/zero_shot`, `/tts/cross_lingual` and `/tts/instruct` when the body names none.
    static let defaultFileFormat = AudioFormat.mp3

    /// `/tts`, `/tts/zero_shot`, `/tts/cross_lingual`, `/tts/instruct`: one continuous stream in `format`, offered
    /// as a file named for it (`tts.mp3`, `tts.opus`…). PCM goes out as `/tts/pcm` sends it.
    static func file(_ format: AudioFormat) -> AudioResponseShape {
        format == .pcm ? .l16 : AudioResponseShape(format: format, headers: [.contentDisposition: "attachment; filename=tts.\(format.rawValue)"])
    }

    /// `/tts/pcm`: raw PCM described by headers, as `audio/L16` (RFC 2586).
    static let l16 = AudioResponseShape(format: .pcm, mediaType: "audio/L16",
                                        headers: [.contentDisposition: "attachment; filename=tts.pcm",
                                                  .channels: "1", .bitDepth: "16"])
    /// The basic form API: raw PCM as the reference sends it.
    static let octetStream = AudioResponseShape(format: .pcm)
}
