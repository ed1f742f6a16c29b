import AudioIO
import Foundation
import Testing

@Suite("Base64 transport")
struct Base64AudioTests {
    let bytes = WAVEncoder.wav(TestAudio.tone(300, seconds: 0.05, sampleRate: 16000))

    @Test func roundTrip() throws {
        #expect(try Base64Audio.decode(Base64Audio.encode(bytes)) == bytes)
    }

    @Test func acceptsADataURIPrefixAndLineBreaks() throws {
        let encoded = Base64Audio.encode(bytes)
        let wrapped = stride(from: 0, to: encoded.count, by: 76).map { start in
            let from = encoded.index(encoded.startIndex, offsetBy: start)
            return String(encoded[from..<encoded.index(from, offsetBy: min(76, encoded.count - start))])
        }.joined(separator: "\r\n")
        #expect(try Base64Audio.decode("data:audio/wav;base64," + wrapped) == bytes)
        #expect(try Base64Audio.decode("  \n" + encoded + "\n") == bytes)
    }

    @Test func restoresMissingPadding() throws {
        #expect(try Base64Audio.decode("AQID") == Data([1, 2, 3]))
        #expect(try Base64Audio.decode("AQI") == Data([1, 2]))
    }

    @Test func rejectsInvalidText() {
        #expect(throws: AudioError.invalidBase64) { try Base64Audio.decode("this is not base64!") }
        #expect(throws: AudioError.invalidBase64) { try Base64Audio.decode("QUJDR") }
        #expect(throws: AudioError.invalidBase64) { try Base64Audio.decode("data:audio/wav,QUJD") }
        #expect(throws: AudioError.empty) { try Base64Audio.decode("  ") }
    }
}
