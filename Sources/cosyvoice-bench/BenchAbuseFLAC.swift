import CosyVoiceTesting
import Foundation

/// FLAC files of silence whose STREAMINFO lies about their length: prompt audio that is cheap to send and
/// costly for a server that trusts the header (allocating for the declared length) or decodes to the end.
enum LyingFLAC {
    /// Largest value of STREAMINFO's 36-bit total-samples field.
    static let maxDeclaredFrames: UInt64 = (1 << 36) - 1

    /// `seconds` of silence at `sampleRate` Hz in `channels` channels, encoded by libsndfile, with the
    /// total-samples field rewritten to `declaredFrames` (0 = unknown length).
    static func silence(seconds: Double, sampleRate: Int, channels: Int, declaredFrames: UInt64) throws -> Data {
        precondition(declaredFrames <= maxDeclaredFrames)
        let file = try HostileAudio.silentFLAC(seconds: seconds, sampleRate: sampleRate, channels: channels)
        return HostileAudio.patchingStreamInfo(file, totalSamples: declaredFrames)
    }
}
