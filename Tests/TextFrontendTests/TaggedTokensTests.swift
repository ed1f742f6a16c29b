import CosyVoiceTestTraits
import CosyVoiceTesting
import Testing
@testable import TextFrontend

/// The tagger's output is read as WeTextProcessing's runtime reads it and written back with each token's
/// fields in the verbaliser's order; hostile text is refused in linear time.
@Suite(.offThePool) struct TaggedTokensTests {
    func reordered(_ tagged: String, _ order: TokenFieldOrder = .chinese) -> String? {
        TaggedTokens(parsing: tagged)?.serialised(in: order)
    }

    @Test func fieldsFollowTheVerbalisersOrder() {
        #expect(reordered(#"char { value: "售" } money { currency: "¥" value: "58.5" }"#)
            == #"char { value: "售" } money { value: "58.5" currency: "¥" }"#)
        #expect(reordered(#"fraction { numerator: "3" denominator: "4" }"#) == #"fraction { denominator: "4" numerator: "3" }"#)
        #expect(reordered(#"date { month: "March" day: "15" year: ", 2024" }"#, .english)
            == #"date { day: "15" month: "March" year: ", 2024" }"#)
        #expect(reordered(#"money { currency_maj: "$" integer_part: "19"  fractional_part: "99" }"#, .english)
            == #"money { integer_part: "19" fractional_part: "99" currency_maj: "$" }"#)
    }

    @Test func unlistedFieldsAndClassesKeepTheirOrder() {
        #expect(reordered(#"time { zone: "z" minute: "30" hour: "3" }"#) == #"time { hour: "3" minute: "30" zone: "z" }"#)
        #expect(reordered(#"w { v: "a" x: "b" }"#) == #"w { v: "a" x: "b" }"#)
        #expect(reordered(#"date { preserve_order: "true" month: "May" day: "1" }"#, .english)
            == #"date { preserve_order: "true" month: "May" day: "1" }"#)
    }

    @Test func quotesAndBackslashesStayEscaped() {
        #expect(reordered(#"char { value: "\"" }"#) == #"char { value: "\\\"" }"#)
    }

    @Test func malformedTextIsRefused() {
        #expect(reordered("") == nil)
        #expect(reordered(#"char { value: "unterminated"#) == nil)
        #expect(reordered(#"char { value: "ends in a backslash\"#) == nil)
        #expect(reordered("char {\tvalue: \"x\" }") == nil)
    }

    /// Built to make a parser slow; the time limit only stops a regression from hanging the run.
    @Test(.timeLimit(.minutes(5))) func hostileTextIsReadInLinearTime() {
        let valid = String(repeating: #"a { b: "c" } "#, count: 50_000)
        #expect(TaggedTokens(parsing: valid)?.tokens.count == 50_000)
        for piece in ["{{{{", #"x { y: "\\\" "#, "} } }", "name {", #""""#] {
            let text = String(repeating: piece, count: 50_000)
            let tokens = TaggedTokens(parsing: text)?.tokens.count
            // At most one token per byte read.
            #expect(tokens ?? 0 <= text.utf8.count, "\(piece)")
        }
    }
}
