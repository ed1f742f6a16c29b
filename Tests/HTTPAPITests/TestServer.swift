import AudioIO
import CosyVoiceTesting
import Foundation

/// The real server on ephemeral ports, as the binary composes it (``RunningServer``).
typealias TestServer = RunningServer
/// A request body and its content type.
typealias Body = RequestBody

extension RunningServer {
    /// Polls `condition` every 20 ms for at most `seconds`.
    func eventually(within seconds: Double = 60, _ condition: () -> Bool) async throws -> Bool {
        await CosyVoiceTesting.eventually(within: seconds, condition)
    }
}

/// Audio the tests send.
enum TestAudio {
    /// The real 3.5 s Mandarin prompt of the shared fixtures (transcript ``promptText``).
    static var prompt: Data { Fixtures.promptWAV }
    static var promptText: String { Fixtures.promptText }

    /// A voiced-sounding tone as a WAV file: `seconds` long at `sampleRate` Hz.
    static func tone(seconds: Double, sampleRate: Int) -> Data {
        WAVEncoder.wav(TestSignals.voicedTone(seconds: seconds, sampleRate: sampleRate))
    }

    /// Text long enough that its audio cannot all sit in socket buffers (hundreds of seconds at 48 kHz).
    static let longText = String(repeating: "今天天气很好，我们一起去公园散步吧。", count: 60)
}
