import AudioIO
import Foundation
import Testing

@Suite("Choosing an output format")
struct AudioFormatTests {
    @Test func mediaTypes() {
        #expect(AudioFormat.pcm.mediaType == "application/octet-stream")
        #expect(AudioFormat.wav.mediaType == "audio/wav")
        #expect(AudioFormat.mp3.mediaType == "audio/mpeg")
    }

    @Test(arguments: AudioFormat.allCases)
    func everyEncoderCarriesASecondOfAudio(format: AudioFormat) throws {
        let encoder = format.makeEncoder(sampleRate: 22050)
        #expect(encoder.mediaType == format.mediaType)
        let bytes = encoder.encode(TestAudio.tone(250, seconds: 1, sampleRate: 22050)) + encoder.finish()
        let decoded = switch format {
        case .pcm: AudioChunk(samples: PCM16Encoder.floats(fromPCM16: bytes), sampleRate: encoder.sampleRate)
        case .wav, .mp3: try AudioDecoder.decode(bytes)
        }
        #expect(decoded.sampleRate == 22050)
        #expect(decoded.duration >= 0.999 && decoded.duration < 1.2)
    }
}
