import Foundation

/// Decodes a sound file held in memory as mono blocks, so a caller can stop at any point and never holds the
/// whole multichannel decode.
///
/// The header is checked against ``AudioDecoder/maximumChannels`` and ``AudioDecoder/maximumSampleRate`` when
/// the file is opened, before any audio is decoded. Its declared length is never used: blocks come until
/// libsndfile has no more.
final class AudioFileReader {
    /// Frames per block (≈ 93 ms at 44.1 kHz); with at most 8 channels the interleaved buffer is 128 KiB.
    static let blockFrames = 4096

    /// Sample rate in Hz of the file.
    var sampleRate: Int { file.sampleRate }
    /// Channels in the file, before mixing.
    var channels: Int { file.channels }
    /// Frames decoded so far, at ``sampleRate``; what a caller that stops early has paid for.
    private(set) var framesRead = 0

    private let file: SoundFile.Reader
    private var interleaved: [Float]

    /// Opens `data` and checks its header.
    ///
    /// - Throws: ``AudioError/empty`` for no bytes, ``AudioError/undecodable(_:)`` for bytes libsndfile does not
    ///   read, ``AudioError/tooManyChannels(channels:maximum:)``, ``AudioError/sampleRateTooHigh(rate:maximum:)``.
    init(_ data: Data) throws(AudioError) {
        guard !data.isEmpty else { throw .empty }
        file = try SoundFile.Reader(data)
        guard file.channels <= AudioDecoder.maximumChannels else {
            throw .tooManyChannels(channels: file.channels, maximum: AudioDecoder.maximumChannels)
        }
        guard file.sampleRate <= AudioDecoder.maximumSampleRate else {
            throw .sampleRateTooHigh(rate: file.sampleRate, maximum: AudioDecoder.maximumSampleRate)
        }
        interleaved = [Float](repeating: 0, count: Self.blockFrames * file.channels)
    }

    /// The next block of at most `limit` frames (capped at ``blockFrames``), averaged to mono and clipped to
    /// full scale (``Swift/Float/clippedToFullScale``: NaN and ±∞ in float files become finite); `nil` at the end.
    func nextBlock(maximumFrames limit: Int = AudioFileReader.blockFrames) throws(AudioError) -> [Float]? {
        let frames = max(1, min(limit, Self.blockFrames))
        let channels = file.channels
        let file = self.file
        let got = try interleaved.withUnsafeMutableBufferPointer { buffer in
            Result { () throws(AudioError) in try file.read(into: buffer, frames: frames) }
        }.get()
        guard got > 0 else { return nil }
        framesRead += got
        let scale = 1 / Float(channels)
        return interleaved.withUnsafeBufferPointer { input in
            [Float](unsafeUninitializedCapacity: got) { out, count in
                for frame in 0..<got {
                    var sum: Float = 0
                    for channel in 0..<channels { sum += input[frame * channels + channel].clippedToFullScale }
                    out[frame] = sum * scale
                }
                count = got
            }
        }
    }
}
