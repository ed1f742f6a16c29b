import AudioIO
import Foundation

/// Real files written with libsndfile, then with header fields patched the way a hostile client would.
public enum HostileAudio {
    /// `seconds` of digital silence as FLAC: compresses to a few bytes per second of audio.
    public static func silentFLAC(seconds: Double, sampleRate: Int = 16000, channels: Int = 1) throws -> Data {
        let silence = AudioChunk.silence(seconds: seconds, sampleRate: sampleRate).samples
        return try AudioFileWriter.write(channels: Array(repeating: silence, count: channels), sampleRate: sampleRate, as: .flac)
    }

    /// A FLAC file with STREAMINFO fields replaced. libsndfile writes STREAMINFO as the first metadata block,
    /// right after "fLaC" and its 4-byte block header.
    public static func patchingStreamInfo(_ flac: Data, sampleRate: Int? = nil, channels: Int? = nil, totalSamples: UInt64? = nil) -> Data {
        var bytes = [UInt8](flac)
        precondition(bytes.count > 42 && bytes[0..<4] == [0x66, 0x4C, 0x61, 0x43] && bytes[4] & 0x7F == 0)
        let streamInfo = 8 * 8  // bit offset of STREAMINFO
        if let sampleRate { setBits(&bytes, at: streamInfo + 80, width: 20, to: UInt64(sampleRate)) }
        if let channels { setBits(&bytes, at: streamInfo + 100, width: 3, to: UInt64(channels - 1)) }
        if let totalSamples { setBits(&bytes, at: streamInfo + 108, width: 36, to: totalSamples) }
        return Data(bytes)
    }

    /// A RIFF/WAVE file whose `data` chunk claims 0xFFFFFFFF bytes.
    public static func claimingHugeDataChunk(_ wav: Data) -> Data {
        var bytes = [UInt8](wav)
        let data = Array("data".utf8)
        let at = (12..<(bytes.count - 8)).first { Array(bytes[$0..<($0 + 4)]) == data }!
        for i in 4..<8 { bytes[at + i] = 0xFF }
        return Data(bytes)
    }

    /// A mono 32-bit float WAV (format 3) holding exactly `samples`, NaN and ±∞ included.
    public static func floatWAV(_ samples: [Float], sampleRate: Int) -> Data {
        func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.littleEndian, Array.init) }
        let payload = samples.flatMap { le($0.bitPattern) }
        var bytes = Array("RIFF".utf8) + le(UInt32(36 + payload.count)) + Array("WAVEfmt ".utf8)
        bytes += le(UInt32(16)) + le(UInt16(3)) + le(UInt16(1)) + le(UInt32(sampleRate)) + le(UInt32(sampleRate * 4))
        bytes += le(UInt16(4)) + le(UInt16(32)) + Array("data".utf8) + le(UInt32(payload.count)) + payload
        return Data(bytes)
    }

    /// Writes `value` big-endian into `width` bits starting `at` bits into `bytes`.
    private static func setBits(_ bytes: inout [UInt8], at offset: Int, width: Int, to value: UInt64) {
        for i in 0..<width {
            let bit = offset + i
            let mask = UInt8(0x80) >> UInt8(bit % 8)
            if (value >> UInt64(width - 1 - i)) & 1 == 1 { bytes[bit / 8] |= mask } else { bytes[bit / 8] &= ~mask }
        }
    }
}
