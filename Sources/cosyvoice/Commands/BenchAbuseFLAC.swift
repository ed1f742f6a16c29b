import AudioIO
import Foundation

/// FLAC files of silence whose STREAMINFO lies about their length: prompt audio that is cheap to send and
/// costly for a server that trusts the header (allocating for the declared length) or decodes to the end.
///
/// Layout (RFC 9639, STREAMINFO): the file opens with `fLaC`, then the STREAMINFO block: a 4-byte block header (last-block
/// flag and type 0, then a 24-bit length of 34) and 34 bytes of data. In the data, big-endian bit fields:
/// bytes 0–9 block and frame sizes; then 20 bits sample rate (Hz), 3 bits channels − 1, 5 bits bits per sample − 1,
/// 36 bits total samples per channel (0 = unknown), spanning bytes 10–17; bytes 18–33 the MD5 of the audio.
enum LyingFLAC {
    /// Offset of the STREAMINFO data in the file: after `fLaC` and the block header.
    private static let streamInfoOffset = 8
    private static let streamInfoLength = 34
    /// Largest value of the 36-bit total-samples field.
    static let maxDeclaredFrames: UInt64 = (1 << 36) - 1

    /// `seconds` of silence at `sampleRate` Hz in `channels` channels, encoded by libsndfile, with the
    /// total-samples field rewritten to `declaredFrames` (0 = unknown length).
    static func silence(seconds: Double, sampleRate: Int, channels: Int, declaredFrames: UInt64) throws -> Data {
        precondition(declaredFrames <= maxDeclaredFrames)
        let frames = Int(seconds * Double(sampleRate))
        let silent = [Float](repeating: 0, count: frames)
        var file = [UInt8](try AudioFileWriter.write(channels: Array(repeating: silent, count: channels), sampleRate: sampleRate, as: .flac))
        let info = try streamInfo(of: file)
        // Reading back what was written checks the offsets before anything is patched.
        guard info.sampleRate == sampleRate, info.channels == channels, info.totalFrames == UInt64(frames) else {
            throw BenchError("the FLAC libsndfile wrote declares \(info.sampleRate) Hz, \(info.channels) channel(s), \(info.totalFrames) frames;"
                             + " expected \(sampleRate) Hz, \(channels), \(frames)")
        }
        let base = streamInfoOffset
        file[base + 13] = (file[base + 13] & 0xF0) | UInt8(truncatingIfNeeded: declaredFrames >> 32)
        for index in 0..<4 {
            file[base + 14 + index] = UInt8(truncatingIfNeeded: declaredFrames >> (8 * (3 - index)))
        }
        return Data(file)
    }

    /// The sample rate, channel count and total frames a FLAC file's STREAMINFO declares.
    static func streamInfo(of file: [UInt8]) throws -> (sampleRate: Int, channels: Int, totalFrames: UInt64) {
        let base = streamInfoOffset
        guard file.count >= base + streamInfoLength, file[0..<4].elementsEqual("fLaC".utf8), file[4] & 0x7F == 0,
              Int(file[5]) << 16 | Int(file[6]) << 8 | Int(file[7]) == streamInfoLength else {
            throw BenchError("not a FLAC file that opens with STREAMINFO")
        }
        let sampleRate = Int(file[base + 10]) << 12 | Int(file[base + 11]) << 4 | Int(file[base + 12]) >> 4
        let channels = Int((file[base + 12] >> 1) & 0x07) + 1
        var totalFrames = UInt64(file[base + 13] & 0x0F)
        for index in 14...17 { totalFrames = totalFrames << 8 | UInt64(file[base + index]) }
        return (sampleRate, channels, totalFrames)
    }
}
