/// The sample rate of raw PCM on the surfaces whose body carries none (the form API and gRPC), when the
/// request names no `sample_rate`.
///
/// The reference clients save what they receive as 22050 Hz PCM — the rate of CosyVoice-300M, the model whose
/// speaker ids this server serves — and never read the `X-Sample-Rate` header or `x-sample-rate` metadata. A
/// voice at another rate (the Mandarin voice is 24 kHz) would play slow and low in their files, so those
/// surfaces resample to 22050 Hz unless an operator asks for native rates (`--raw-pcm-rate native`).
public enum RawPCMRate: Sendable, Equatable {
    /// Each voice's own rate, stated only in the header and metadata.
    case native
    /// This rate in Hz, whatever the voice.
    case fixed(Int)

    /// Hz the reference clients assume: 22050.
    public static let referenceRate = 22050
    /// ``referenceRate``, the default.
    public static let reference = RawPCMRate.fixed(referenceRate)

    /// The rate a request gets: its own `sample_rate` when it names one, else this setting's.
    public func rate(requested: Int?) -> Int? {
        if let requested { return requested }
        if case .fixed(let rate) = self { return rate }
        return nil
    }

    /// Reads `native` or a rate in Hz (the flag's syntax); nil for anything else.
    public init?(argument: String) {
        if argument == "native" {
            self = .native
        } else if let rate = Int(argument), rate > 0 {
            self = .fixed(rate)
        } else {
            return nil
        }
    }
}
