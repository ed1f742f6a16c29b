import AudioIO
import Foundation

extension AudioFormat {
    /// The audio a body in this format carries, decoded the way a client would: raw PCM as int16 LE at
    /// `sampleRate` Hz, AAC with libavcodec, everything else with libsndfile (``AudioDecoder``).
    public func decode(_ body: Data, sampleRate: Int) throws -> AudioChunk {
        switch self {
        case .pcm: AudioChunk(samples: PCM16Encoder.floats(fromPCM16: body), sampleRate: sampleRate)
        case .aac: try ADTSDecoder.decode(body)
        case .wav, .mp3, .opus, .flac: try AudioDecoder.decode(body)
        }
    }
}
