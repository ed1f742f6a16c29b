import Foundation
import Testing
@testable import TextFrontend

/// Hanzi outside the basic block, 〇 and compatibility forms are read by the Mandarin front end instead of
/// vanishing; the hanzi it cannot read are named.
@Suite struct MandarinCoverageTests {
    static let frontEnd = MandarinFrontEndTests.frontEnd

    func pinyin(_ text: String) -> String {
        Self.frontEnd.pinyin(for: text).map(\.description).joined(separator: " ")
    }

    @Test func extensionAAndBHanziAreRead() {
        #expect(pinyin("㐀") == "qiu1")
        #expect(pinyin("𠀀") == "he1")
        #expect(pinyin("你𪚥好").split(separator: " ").count == 3)
    }

    @Test func ideographicZeroAndEnclosedNumbersAreRead() {
        #expect(pinyin("二〇二四年") == "er4 ling2 er4 si4 nian2")
        #expect(pinyin("①②③") == "yi1 er4 san1")
        #expect(pinyin("第２条") == "di4 er4 tiao2")
    }

    @Test func compatibilityIdeographsAreReadAsTheirUnifiedForm() {
        #expect(pinyin("\u{F900}") == pinyin("\u{8C48}"))
        #expect(!pinyin("\u{F900}").isEmpty)
    }

    @Test func unreadableHanziAreNamed() {
        // U+2A700 (extension C) has no reading in the lexicon.
        #expect(Self.frontEnd.unreadableHanzi(in: "你好\u{2A700}吗\u{2A700}") == ["\u{2A700}"])
        #expect(Self.frontEnd.unreadableHanzi(in: "你好，㐀𠀀〇①") == [])
        #expect(Self.frontEnd.unreadableHanzi(in: "Hello") == [])
    }
}
