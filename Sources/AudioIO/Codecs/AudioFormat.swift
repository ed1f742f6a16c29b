/// The encodings the server can answer with.
public enum AudioFormat: String, Sendable, CaseIterable, Codable {
    /// Raw mono int16 LE, no header.
    case pcm
    /// RIFF/WAVE, streamed with unknown-length sizes.
    case wav
    /// One continuous MP3 stream, 64 kbps CBR mono.
    case mp3

    /// HTTP `Content-Type` of this format.
    public var mediaType: String {
        switch self {
        case .pcm: "application/octet-stream"
        case .wav: "audio/wav"
        case .mp3: "audio/mpeg"
        }
    }

    /// A fresh encoder for one response at `sampleRate` Hz. The MP3 encoder may raise an unsupported rate to the
    /// next one MP3 allows; its ``AudioEncoding/sampleRate`` says which.
    public func makeEncoder(sampleRate: Int) -> any AudioEncoding {
        switch self {
        case .pcm: PCM16Encoder(sampleRate: sampleRate)
        case .wav: WAVEncoder(sampleRate: sampleRate, mode: .streaming)
        case .mp3: MP3Encoder(sampleRate: sampleRate)
        }
    }
}
