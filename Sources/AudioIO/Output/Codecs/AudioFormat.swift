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

    /// The rate in Hz this format sends audio of `rate` Hz at: the rate itself, or for MP3 the smallest rate
    /// MP3 can carry at or above it. Planning asks this once, so audio is resampled at most once.
    public func wireRate(for rate: Int) -> Int {
        switch self {
        case .pcm, .wav: rate
        case .mp3: MP3Encoder.supportedRate(atLeast: rate)
        }
    }

    /// A fresh encoder for one response. Chunks must arrive at `sampleRate` Hz, a rate from ``wireRate(for:)``.
    public func makeEncoder(sampleRate: Int) -> any AudioEncoding {
        switch self {
        case .pcm: PCM16Encoder(sampleRate: sampleRate)
        case .wav: WAVEncoder(sampleRate: sampleRate, mode: .streaming)
        case .mp3: MP3Encoder(sampleRate: sampleRate)
        }
    }
}
