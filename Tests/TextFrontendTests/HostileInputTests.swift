import CosyVoiceTestTraits
import CosyVoiceTesting
import Testing
@testable import TextFrontend

/// Input built to make a parser slow: each is processed in time linear in its length. The time limit only
/// stops a regression from hanging the run (a quadratic rule takes hours on these); the assertions are the
/// readings. The suite runs off the cooperative pool (`.offThePool`), which the other suites share.
@Suite(.timeLimit(.minutes(5)), .offThePool)
struct HostileInputTests {
    let frontend = TextFrontend()
    let normalizer = TextNormalizer()

    func allSegmentsText(_ text: String, _ language: Language) -> String {
        frontend.segments(for: text, primaryLanguage: language, streaming: true).map(\.text).joined(separator: " ")
    }

    func normalize(_ text: String, _ language: Language) -> String {
        normalizer.normalize(text, language: language)
    }

    @Test(arguments: [Language.english, .mandarin])
    func hundredThousandDigits(language: Language) {
        let digits = String(repeating: "7", count: 100_000)
        let word = language == .english ? "seven" : "七"
        for text in [digits, digits + "x", "1." + digits, digits + "th", "$" + digits] {
            #expect(normalize(text, language).contains(word))
        }
        #expect(normalize(String(repeating: "1.", count: 50_000), language).contains(word == "seven" ? "one" : "一"))
        #expect(normalize(String(repeating: "1/", count: 50_000), language).contains(word == "seven" ? "one" : "一"))
        #expect(normalize(String(repeating: "1,", count: 50_000), language).contains(word == "seven" ? "one" : "一"))
    }

    @Test func hundredThousandTags() {
        let stray = String(repeating: "a</strong>", count: 100_000)
        #expect(ControlTags.parse(stray) == [.text(String(repeating: "a", count: 100_000), emphasis: false)])
        let toggled = String(repeating: "<strong>a</strong>b", count: 100_000)
        #expect(ControlTags.parse(toggled).count == 200_000)
        let nested = String(repeating: "<strong><laughter>[", count: 30_000) + "hi" + String(repeating: "]</laughter></strong>", count: 30_000)
        #expect(allSegmentsText(nested, .english).contains("hi"))
        let pauses = String(repeating: "[breath]", count: 100_000) + "hello"
        #expect(allSegmentsText(pauses, .english) == "hello")
        #expect(!ControlTags.containsUnknownMarker(String(repeating: "<|", count: 100_000)))
    }

    @Test func hundredThousandCombiningMarks() {
        let text = "a" + String(repeating: "\u{301}\u{316}", count: 50_000) + " b"
        let spoken = allSegmentsText(text, .english)
        #expect(spoken.hasSuffix("b"))
        #expect(spoken.unicodeScalars.count < 40)
        #expect(frontend.unsupportedScripts(in: text) == [])
    }

    @Test func longRunsWithoutBreaks() {
        let letters = String(repeating: "abcdefghij", count: 10_000)
        #expect(allSegmentsText(letters, .english) == letters)
        let punctuation = "a" + String(repeating: "~!", count: 50_000)
        #expect(allSegmentsText(punctuation, .english).hasPrefix("a"))
        let hanzi = String(repeating: "我们一起去公园", count: 10_000)
        #expect(allSegmentsText(hanzi, .mandarin).filter { $0 != " " } == hanzi)
        let abbreviations = String(repeating: "a.", count: 50_000)
        #expect(!allSegmentsText(abbreviations, .english).isEmpty)
        let spaces = "St." + String(repeating: " ", count: 100_000) + "x"
        #expect(allSegmentsText(spaces, .english).hasSuffix("x"))
    }

    @Test func hundredThousandCharactersOfInstruction() {
        let instruction = String(repeating: "很慢 slow very ", count: 10_000)
        #expect(InstructionParser().parse(instruction).rate == 0.7)
    }
}
