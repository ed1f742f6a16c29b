import RegexBuilder

/// Matches, without consuming anything, where a run of ASCII digits begins: at the start of the text or
/// after a character that is not a digit.
///
/// Swift's regex engine has no lookbehind. A pattern such as `[0-9]+th` tried at every position of a long
/// digit run rescans the rest of the run each time, which is quadratic (seconds for a few thousand digits);
/// led by this component it is tried once per run, so every number rule stays linear in the text's length.
/// It also stops a rule from matching the tail of a longer number (`12:30` inside `112:30`).
struct NumberStart: CustomConsumingRegexComponent {
    typealias RegexOutput = Substring

    func consuming(_ input: String, startingAt index: String.Index, in bounds: Range<String.Index>)
        throws -> (upperBound: String.Index, output: Substring)?
    {
        if let previous = input.unicodeScalars[..<index].last, ("0"..."9").contains(previous) { return nil }
        return (index, input[index..<index])
    }
}
