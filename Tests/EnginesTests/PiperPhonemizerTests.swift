import CosyVoiceTestTraits
import CosyVoiceTesting
import Foundation
import Testing
@testable import Engines

@Suite("Piper phonemizer", .offThePool)
struct PiperPhonemizerTests {
    static let corpus = [
        "Dr. Smith paid $3.50 on May 5th, 2024; really?",
        "Hello world. How are you? Fine, thanks!",
        "The meeting starts at 10:30 a.m. tomorrow.",
        "I bought 3 apples, 12 oranges, and 1,000 grapes.",
        "Wait... what happened here",
        "First, second, third",
        "It costs 5 dollars. 5 more for delivery.",
        "She said \"hello\" and left; nobody noticed.",
        "Call me at 555-1234, or email me.",
        "The U.S. economy grew by 2.5% in 2023!",
        "Is it true? Yes! Absolutely.",
        "Mr. and Mrs. Jones live on Elm St. in Springfield.",
        "Note: the results (see above) are preliminary.",
        "We need eggs, milk, bread: the basics.",
        "Temperatures reached 40°C in July, a record.",
        "Numbers like 3.14159 and 2.71828 are famous constants",
        "a, b",
    ]

    @Test("every phoneme of an English corpus is a symbol of the voice")
    func phonemesAreKnownSymbols() async throws {
        let phonemizer = PiperPhonemizer(config: await PiperTestSupport.joe.config)
        for line in Self.corpus {
            let sentences = try phonemizer.sentences(for: line)
            #expect(!sentences.isEmpty, "\(line)")
            let unknown = Set(sentences.joined()).subtracting(phonemizer.symbols)
            #expect(unknown.isEmpty, "\(line): unknown \(unknown.map { String($0) })")
        }
    }

    @Test("no clause is lost: one non-empty clause per punctuation-delimited clause")
    func everyClauseIsPhonemized() async throws {
        for line in Self.corpus {
            let clauses = try await EspeakLibrary.shared.phonemize(line, voice: "en-us")
            #expect(clauses.count == Self.expectedClauseCount(line), "\(line): \(clauses.map(\.consumedText))")
            #expect(clauses.allSatisfy { !$0.phonemes.isEmpty }, "\(line)")
            // The clause texts put back together are the input.
            #expect(clauses.map(\.consumedText).joined() == line)
        }
    }

    @Test("clause punctuation is put back and sentences split at . ? !")
    func punctuationAndSentences() async throws {
        let phonemizer = PiperPhonemizer(config: await PiperTestSupport.joe.config)
        let sentences = try phonemizer.sentences(for: "Hello world. How are you? Fine, thanks!").map { String(String.UnicodeScalarView($0)) }
        #expect(sentences.count == 3)
        #expect(sentences[0].hasSuffix("."))
        #expect(sentences[1].hasSuffix("?"))
        #expect(sentences[2].contains(", "))
        #expect(sentences[2].hasSuffix("!"))
    }

    @Test("language-switch marks are removed")
    func languageSwitchMarks() {
        #expect(PiperPhonemizer.withoutLanguageSwitches("ɡˈuːtn (en)wˈiːkɛnd(de) dˈaːnk") == "ɡˈuːtn wˈiːkɛnd dˈaːnk")
    }

    /// Clauses as espeak-ng delimits them: `, ; : ! ?` before a space or the end, `.` before the end or a
    /// space and a word that does not start in lower case (`Mr. and` and `a.m. tomorrow` do not end a clause),
    /// `...` before a space.
    static func expectedClauseCount(_ line: String) -> Int {
        let characters = Array(line)
        var count = 0
        var sawWord = false
        for (index, character) in characters.enumerated() {
            if character.isLetter || character.isNumber { sawWord = true }
            guard sawWord, ",;:!?.".contains(character) else { continue }
            let rest = characters[(index + 1)...]
            guard let next = rest.first else { count += 1; sawWord = false; continue }
            guard next.isWhitespace else { continue }
            if character == "." || character == ":" || character == "," {
                let following = rest.first { !$0.isWhitespace }
                let ellipsis = index > 0 && characters[index - 1] == "."
                if character == ".", !ellipsis, let following, following.isLowercase { continue }
                if character == ":" || character == "," { if following == nil { continue } }
            }
            count += 1
            sawWord = false
        }
        return sawWord ? count + 1 : count
    }
}
