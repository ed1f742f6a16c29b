import CosyVoiceTestTraits
import Foundation
import Testing
@testable import TextFrontend

/// Hanzi outside the basic block, 〇 and compatibility forms are read by the Mandarin front end instead of
/// vanishing; the hanzi it cannot read are named.
@Suite(.offThePool) struct MandarinCoverageTests {
    func pinyin(_ text: String) async -> String {
        await MandarinFrontEndTests.frontEnd.pinyin(for: text).map(\.description).joined(separator: " ")
    }

    @Test func extensionAAndBHanziAreRead() async {
        #expect(await pinyin("㐀") == "qiu1")
        #expect(await pinyin("𠀀") == "he1")
        #expect(await pinyin("你𪚥好").split(separator: " ").count == 3)
    }

    @Test func ideographicZeroAndEnclosedNumbersAreRead() async {
        #expect(await pinyin("二〇二四年") == "er4 ling2 er4 si4 nian2")
        #expect(await pinyin("①②③") == "yi1 er4 san1")
        #expect(await pinyin("第２条") == "di4 er4 tiao2")
    }

    @Test func compatibilityIdeographsAreReadAsTheirUnifiedForm() async {
        #expect(await pinyin("\u{F900}") == (await pinyin("\u{8C48}")))
        #expect(await !pinyin("\u{F900}").isEmpty)
    }

    @Test func unreadableHanziAreNamed() async {
        let frontEnd = await MandarinFrontEndTests.frontEnd
        // U+2A700 (extension C) has no reading in the lexicon.
        #expect(frontEnd.unreadableHanzi(in: "你好\u{2A700}吗\u{2A700}") == ["\u{2A700}"])
        #expect(frontEnd.unreadableHanzi(in: "你好，㐀𠀀〇①") == [])
        #expect(frontEnd.unreadableHanzi(in: "Hello") == [])
    }
}
