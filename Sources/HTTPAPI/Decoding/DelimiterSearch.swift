/// Finds a fixed delimiter in a body with Knuth–Morris–Pratt: at most 2·n element comparisons over n elements
/// of haystack, whatever the delimiter (plus 2·m to prepare a delimiter of m elements).
///
/// A plain search costs n·m on a hostile body (a boundary of hyphens, a body of near-misses), and so does the
/// standard library's `firstRange(of:)` on byte collections as measured with Swift 6.3.
struct DelimiterSearch<Element: Equatable> {
    let delimiter: [Element]
    /// `border[i]`: the length of the longest proper prefix of `delimiter[...i]` that is also its suffix.
    private let border: [Int]

    init(_ delimiter: [Element]) {
        precondition(!delimiter.isEmpty, "an empty delimiter matches everywhere")
        self.delimiter = delimiter
        var border = [Int](repeating: 0, count: delimiter.count)
        var length = 0
        for index in delimiter.indices.dropFirst() {
            while length > 0, delimiter[index] != delimiter[length] { length = border[length - 1] }
            if delimiter[index] == delimiter[length] { length += 1 }
            border[index] = length
        }
        self.border = border
    }

    /// The first occurrence of the delimiter in `haystack` at or after `start`.
    func firstRange<C: RandomAccessCollection>(in haystack: C, from start: C.Index) -> Range<C.Index>? where C.Element == Element {
        var matched = 0
        var index = start
        while index < haystack.endIndex {
            let element = haystack[index]
            // Per element one comparison extends the match or fails with none, and every other one shortens the
            // match, which can happen no more often than it grew: 2·n comparisons at most.
            while true {
                if element == delimiter[matched] {
                    matched += 1
                    break
                }
                guard matched > 0 else { break }
                matched = border[matched - 1]
            }
            index = haystack.index(after: index)
            if matched == delimiter.count {
                return haystack.index(index, offsetBy: -matched)..<index
            }
        }
        return nil
    }
}
