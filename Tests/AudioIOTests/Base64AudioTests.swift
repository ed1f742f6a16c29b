import AudioIO
import CosyVoiceTestTraits
import CosyVoiceTesting
import Foundation
import Testing

@Suite("Base64 transport", .offThePool)
struct Base64AudioTests {
    let bytes = WAVEncoder.wav(TestSignals.tone(300, seconds: 0.05, sampleRate: 16000))

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

    @Test func tenMegabytesDecodeToAtMostThreeQuartersOfTheInput() throws {
        var state: UInt64 = 7
        let original = Data((0..<7_500_000).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        })
        let encoded = original.base64EncodedString(options: .lineLength76Characters)
        #expect(encoded.utf8.count > 10_000_000)
        let decoded = try Base64Audio.decode(encoded)
        #expect(decoded == original)
        #expect(decoded.count <= encoded.utf8.count * 3 / 4)
    }

    @Test func decodesEveryLengthWithFullPartialOrNoPadding() throws {
        for length in 0..<64 {
            let bytes = Data((0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) })
            let padded = bytes.base64EncodedString()
            let unpadded = String(padded.prefix { $0 != "=" })
            if length == 0 {
                #expect(throws: AudioError.empty) { try Base64Audio.decode(padded) }
            } else {
                #expect(try Base64Audio.decode(padded) == bytes)
                #expect(try Base64Audio.decode(unpadded) == bytes)
                #expect(try Base64Audio.decode(" " + unpadded + "\n") == bytes)
            }
        }
    }

    @Test func skipsUnicodeWhitespace() throws {
        #expect(try Base64Audio.decode("AQ\u{3000}I\u{00A0}D\u{2028}") == Data([1, 2, 3]))
    }

    @Test func rejectsInvalidCharactersAndMisplacedPadding() {
        for text in ["AQ!D", "AQIDé", "AQ=D", "AQID=", "AQ===", "A", "====", "AQ-_", "data:audio/wav;base64,AQ*D", "\u{00}AQID"] {
            #expect(throws: AudioError.invalidBase64, "\(text.debugDescription)") { try Base64Audio.decode(text) }
        }
    }
}
