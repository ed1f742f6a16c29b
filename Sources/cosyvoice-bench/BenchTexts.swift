import Foundation

/// The fixed English text set every benchmark uses: two to four sentences each, the kind of text a voice
/// assistant or a reader app sends. The first text opens with a 12-word sentence (issue 3's first-chunk case).
enum BenchTexts {
    /// Index in `builtIn` of the text whose first sentence has exactly 12 words.
    static let twelveWordFirstSentence = 0

    static let builtIn = [
        "The quick brown fox jumped over the lazy dog near the river. It was a bright and cold morning in April. Nobody saw it happen.",
        "Welcome back! Your next meeting starts in fifteen minutes, in the small conference room on the third floor. Would you like me to send a reminder to the other participants?",
        "The train to Boston has been delayed by about twenty minutes. We apologise for the inconvenience. Please listen for further announcements.",
        "Preheat the oven to two hundred degrees. Mix the flour, the sugar and a pinch of salt in a large bowl, then add the eggs one at a time. Bake for thirty minutes, or until golden brown.",
        "Good evening, and thank you for calling. All of our agents are busy at the moment, but your call is important to us. Please stay on the line, or visit our website for answers to common questions. Goodbye for now.",
        "It rained all night, and by the morning the streets were flooded. Schools stayed closed, and most people worked from home.",
    ]

    /// The texts of `file` (one per non-empty line), or the built-in set.
    static func load(_ file: String?) throws -> [String] {
        guard let file else { return builtIn }
        let lines = try String(contentsOfFile: file, encoding: .utf8)
            .split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw BenchError("\(file) has no texts (one per line)") }
        return lines
    }
}

/// A benchmark that cannot run, with the reason in plain words.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
