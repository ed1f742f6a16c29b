/// Metadata keys of the CosyVoice gRPC service; server and clients share them.
public enum CosyVoiceMetadata {
    /// Initial metadata: the sample rate in Hz of the `tts_audio` PCM, e.g. "22050" (ext, api.md §0).
    public static let sampleRate = "x-sample-rate"
    /// Initial metadata on instruct calls: the controls the instruction yielded, as ASCII JSON.
    public static let instructControls = "x-instruct-controls"
}
