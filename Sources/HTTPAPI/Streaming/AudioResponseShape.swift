import AudioIO
import HTTPTypes

/// How a route sends audio: the encoding, the media type on the wire and the headers that go with it.
struct AudioResponseShape: Sendable {
    var format: AudioFormat
    var mediaType: String
    var headers: HTTPFields = [:]

    /// `/tts`, `/tts/zero_shot`, `/tts/cross_lingual`, `/tts/instruct`: one continuous MP3 stream.
    static let mp3 = AudioResponseShape(format: .mp3, mediaType: "audio/mpeg",
                                        headers: [.contentDisposition: "attachment; filename=tts.mp3"])
    /// `/tts/pcm`: raw PCM described by headers.
    static let l16 = AudioResponseShape(format: .pcm, mediaType: "audio/L16",
                                        headers: [.contentDisposition: "attachment; filename=tts.pcm",
                                                  .channels: "1", .bitDepth: "16"])
    /// The basic form API: raw PCM as the reference sends it.
    static let octetStream = AudioResponseShape(format: .pcm, mediaType: "application/octet-stream")

    /// Rate in Hz the encoder will write for a stream at `rate` (MP3 rounds up to a rate it can carry).
    func outputRate(for rate: Int) -> Int {
        format == .mp3 ? MP3Encoder.supportedRate(atLeast: rate) : rate
    }
}

extension HTTPField.Name {
    static let sampleRate = Self("X-Sample-Rate")!
    static let channels = Self("X-Channels")!
    static let bitDepth = Self("X-Bit-Depth")!
    static let instructControls = Self("X-Instruct-Controls")!
}
