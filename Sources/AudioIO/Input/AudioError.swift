/// Why a piece of input audio was refused.
///
/// Every case renders a message that names the rule that failed and the numbers involved, because the HTTP and
/// gRPC surfaces pass `description` straight to the client in a 400 / INVALID_ARGUMENT response.
public enum AudioError: Error, Equatable, CustomStringConvertible {
    /// No bytes, or a file that holds no samples.
    case empty
    /// The bytes are not audio libsndfile can read; the payload says what went wrong.
    case undecodable(String)
    /// Sample rate in Hz below the minimum in Hz.
    case sampleRateTooLow(rate: Int, minimum: Int)
    /// Sample rate in Hz above the maximum in Hz.
    case sampleRateTooHigh(rate: Int, maximum: Int)
    /// More channels than the maximum.
    case tooManyChannels(channels: Int, maximum: Int)
    /// Duration in seconds below the minimum in seconds.
    case tooShort(seconds: Double, minimum: Double)
    /// Duration in seconds above the maximum in seconds. `seconds` is `nil` when decoding stopped at the
    /// maximum, so the full length was never measured.
    case tooLong(seconds: Double?, maximum: Double)
    /// The text is not standard base64.
    case invalidBase64

    public var description: String {
        switch self {
        case .empty:
            "audio is empty"
        case .undecodable(let reason):
            "audio could not be decoded: \(reason)"
        case .sampleRateTooLow(let rate, let minimum):
            "prompt audio sample rate \(rate) Hz is below the minimum of \(minimum) Hz"
        case .sampleRateTooHigh(let rate, let maximum):
            "audio sample rate \(rate) Hz is above the maximum of \(maximum) Hz"
        case .tooManyChannels(let channels, let maximum):
            "audio has \(channels) channels, more than the maximum of \(maximum)"
        case .tooShort(let seconds, let minimum):
            "prompt audio is \(Self.format(seconds)) s long, shorter than the minimum of \(Self.format(minimum)) s"
        case .tooLong(let seconds?, let maximum):
            "prompt audio is \(Self.format(seconds)) s long, longer than the maximum of \(Self.format(maximum)) s"
        case .tooLong(nil, let maximum):
            "prompt audio is longer than the maximum of \(Self.format(maximum)) s"
        case .invalidBase64:
            "audio is not valid base64"
        }
    }

    /// Seconds with at most two decimals and no trailing zeros ("0.2", "40", "30.25").
    private static func format(_ seconds: Double) -> String {
        // Limits come from the command line; keep the integer arithmetic below for values it can hold.
        guard seconds.isFinite, abs(seconds) < 1e12 else { return "\(seconds)" }
        let hundredths = (seconds * 100).rounded()
        let whole = Int(hundredths / 100)
        let fraction = Int(hundredths) - whole * 100
        if fraction == 0 { return String(whole) }
        let digits = fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0\(fraction)" : String(fraction))
        return "\(whole).\(digits)"
    }
}
