/// The encodings the server can answer with. Raw values are the names clients send (`"format": "opus"`).
public enum AudioFormat: String, Sendable, CaseIterable, Codable {
    /// Raw mono int16 LE, no header.
    case pcm
    /// RIFF/WAVE, streamed with unknown-length sizes.
    case wav
    /// One continuous MP3 stream, 64 kbps CBR mono.
    case mp3
    /// Ogg Opus, 32 kbps VBR mono, a page about every 100 ms.
    case opus
    /// AAC-LC in ADTS, 64 kbps mono.
    case aac
    /// FLAC, 16-bit mono, lossless.
    case flac

    /// HTTP `Content-Type` of this format.
    ///
    /// Opus is sent as `audio/ogg; codecs=opus`: the body is an Ogg file (RFC 7845 registers `audio/ogg` for
    /// it), and `audio/opus` names bare RTP payloads (RFC 7587), which this is not. The codecs parameter lets a
    /// browser tell it from Ogg Vorbis before it reads a byte.
    public var mediaType: String {
        switch self {
        case .pcm: "application/octet-stream"
        case .wav: "audio/wav"
        case .mp3: "audio/mpeg"
        case .opus: "audio/ogg; codecs=opus"
        case .aac: "audio/aac"
        case .flac: "audio/flac"
        }
    }

    /// The rate in Hz this format sends audio of `rate` Hz at: the rate itself, or for a codec with a fixed set
    /// of rates (MP3, Opus, AAC) the smallest of them at or above it. Planning asks this once, so audio is
    /// resampled at most once.
    public func wireRate(for rate: Int) -> Int {
        switch self {
        case .pcm, .wav, .flac: rate
        case .mp3: MP3Encoder.supportedRate(atLeast: rate)
        case .opus: OggOpusEncoder.supportedRate(atLeast: rate)
        case .aac: AACEncoder.supportedRate(atLeast: rate)
        }
    }

    /// A fresh encoder for one response. Chunks must arrive at `sampleRate` Hz, a rate from ``wireRate(for:)``.
    public func makeEncoder(sampleRate: Int) -> any AudioEncoding {
        switch self {
        case .pcm: PCM16Encoder(sampleRate: sampleRate)
        case .wav: WAVEncoder(sampleRate: sampleRate, mode: .streaming)
        case .mp3: MP3Encoder(sampleRate: sampleRate)
        case .opus: OggOpusEncoder(sampleRate: sampleRate)
        case .aac: AACEncoder(sampleRate: sampleRate)
        case .flac: FLACEncoder(sampleRate: sampleRate)
        }
    }
}
