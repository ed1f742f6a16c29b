import AudioIO
import CosyVoiceTesting
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
        let bytes = encoder.encode(TestSignals.tone(250, seconds: 1, sampleRate: 22050)) + encoder.finish()
        let decoded = switch format {
        case .pcm: AudioChunk(samples: PCM16Encoder.floats(fromPCM16: bytes), sampleRate: encoder.sampleRate)
        case .wav, .mp3: try AudioDecoder.decode(bytes)
        }
        #expect(decoded.sampleRate == 22050)
        // PCM and WAV carry exactly the samples given; MP3 adds LAME's delay (1105 samples) and pads to its
        // last 1152-sample frame, which a decoder cannot trim without an info tag.
        let extra = decoded.samples.count - 22050
        switch format {
        case .pcm, .wav: #expect(extra == 0)
        case .mp3: #expect(extra >= 0 && extra <= 1105 + 1152, "\(extra) samples more")
        }
    }
}
