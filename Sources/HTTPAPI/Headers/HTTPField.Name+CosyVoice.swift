import HTTPTypes

/// Names of the headers this API adds to HTTP's, each written once; servers and clients share them.
public enum CosyVoiceHeader {
    /// Sample rate in Hz of every audio response, e.g. "22050".
    public static let sampleRate = "X-Sample-Rate"
    /// Channels of `/tts/pcm` (always 1).
    public static let channels = "X-Channels"
    /// Bits per sample of `/tts/pcm` (always 16).
    public static let bitDepth = "X-Bit-Depth"
    /// The controls an instruction was turned into, as ASCII JSON (instruct modes).
    public static let instructControls = "X-Instruct-Controls"
    /// An API key, as an alternative to `Authorization: Bearer`.
    public static let apiKey = "X-API-Key"
}

extension HTTPField.Name {
    static let sampleRate = Self(CosyVoiceHeader.sampleRate)!
    static let channels = Self(CosyVoiceHeader.channels)!
    static let bitDepth = Self(CosyVoiceHeader.bitDepth)!
    static let instructControls = Self(CosyVoiceHeader.instructControls)!
    static let apiKey = Self(CosyVoiceHeader.apiKey)!

    /// Headers a browser's script may read from a response (CORS `Access-Control-Expose-Headers`).
    static let exposedToScripts: [HTTPField.Name] = [.contentDisposition, .sampleRate, .channels, .bitDepth, .instructControls, .retryAfter]
}
