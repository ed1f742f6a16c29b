import Foundation

/// Writes complete sound files in memory with libsndfile (lossless FLAC, 16-bit WAV, lossy OGG/Vorbis and
/// OGG/Opus).
///
/// The server streams its own output through ``AudioEncoding``; this exists for producing prompt files, e.g. in
/// tests that upload a FLAC or stereo prompt.
public enum AudioFileWriter {
    public enum Container: Sendable {
        /// RIFF/WAVE, 16-bit PCM.
        case wav
        /// FLAC, 16-bit.
        case flac
        /// OGG container, Vorbis codec.
        case oggVorbis
        /// OGG container, Opus codec (8, 12, 16, 24 or 48 kHz).
        case oggOpus
    }

    /// Encodes a mono chunk.
    public static func write(_ chunk: AudioChunk, as container: Container) throws(AudioError) -> Data {
        try write(channels: [chunk.samples], sampleRate: chunk.sampleRate, as: container)
    }

    /// Encodes planar channels (all the same length) at `sampleRate` Hz.
    public static func write(channels: [[Float]], sampleRate: Int, as container: Container) throws(AudioError) -> Data {
        let count = channels.count
        guard count > 0, let frames = channels.first?.count, channels.allSatisfy({ $0.count == frames }) else {
            throw .undecodable("channels must be non-empty and of equal length")
        }
        var interleaved = [Float](repeating: 0, count: frames * count)
        for (c, channel) in channels.enumerated() {
            for (i, sample) in channel.enumerated() { interleaved[i * count + c] = sample }
        }
        let target: SoundFile.Container = switch container {
        case .wav: .wav
        case .flac: .flac
        case .oggVorbis: .oggVorbis
        case .oggOpus: .oggOpus
        }
        return try SoundFile.write(interleaved: interleaved, channels: count, sampleRate: sampleRate, container: target)
    }
}
