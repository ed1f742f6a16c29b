import Foundation

/// Decodes prompt audio (WAV, FLAC, OGG/Vorbis/Opus, MP3 — whatever libsndfile reads) from memory.
///
/// The format is sniffed from the bytes, never from a file name. Multichannel audio is averaged to mono at the
/// file's own sample rate; use ``PromptRules`` to apply the prompt limits on top.
public enum AudioDecoder {
    /// Decodes `data` to mono float samples.
    ///
    /// - Throws: ``AudioError/empty`` for no bytes or no samples, ``AudioError/undecodable(_:)`` for anything
    ///   libsndfile does not recognise.
    public static func decode(_ data: Data) throws(AudioError) -> AudioChunk {
        guard !data.isEmpty else { throw .empty }
        let decoded = try SoundFile.read(data)
        let samples = mixToMono(decoded.interleaved, channels: decoded.channels)
        guard !samples.isEmpty else { throw .empty }
        return AudioChunk(samples: samples, sampleRate: decoded.sampleRate)
    }

    /// Averages interleaved channels into one.
    static func mixToMono(_ interleaved: [Float], channels: Int) -> [Float] {
        guard channels > 1 else { return interleaved }
        let frames = interleaved.count / channels
        let scale = 1 / Float(channels)
        return [Float](unsafeUninitializedCapacity: frames) { out, count in
            interleaved.withUnsafeBufferPointer { input in
                for frame in 0..<frames {
                    var sum: Float = 0
                    for channel in 0..<channels { sum += input[frame * channels + channel] }
                    out[frame] = sum * scale
                }
            }
            count = frames
        }
    }
}
