import Foundation

/// Decodes audio files (WAV, FLAC, OGG/Vorbis/Opus, MP3 — whatever libsndfile reads) from memory.
///
/// The format is sniffed from the bytes, never from a file name. Multichannel audio is averaged to mono block
/// by block at the file's own sample rate. Prompts from clients go through ``PromptRules/decodePrompt(_:)``
/// instead, which stops as soon as a rule fails; this decodes the whole file.
public enum AudioDecoder {
    /// Most channels a file may have (7.1 surround); more is refused before decoding.
    public static let maximumChannels = 8
    /// Highest sample rate in Hz a file may have; more is refused before decoding.
    public static let maximumSampleRate = 192_000

    /// Decodes all of `data` to mono float samples, clipped to [-1, 1].
    ///
    /// - Throws: ``AudioError/empty`` for no bytes or no samples, ``AudioError/undecodable(_:)`` for anything
    ///   libsndfile does not recognise, and the channel and sample-rate limits above.
    public static func decode(_ data: Data) throws(AudioError) -> AudioChunk {
        let reader = try AudioFileReader(data)
        var samples: [Float] = []
        while let block = try reader.nextBlock() { samples += block }
        guard !samples.isEmpty else { throw .empty }
        return AudioChunk(samples: samples, sampleRate: reader.sampleRate)
    }
}
