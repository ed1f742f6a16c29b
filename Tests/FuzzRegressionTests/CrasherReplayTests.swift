import Foundation
import Testing
@testable import cosyvoice_fuzz

/// Every input a fuzzer ever crashed on (Fuzz/crashers/<harness>/), replayed through the same harness code
/// `scripts/fuzz` runs. Reaching the assertion at all means no trap; each input must also end in an error,
/// not a request or a decoded prompt.
@Suite("Fuzzer crashers end in clean errors")
struct CrasherReplayTests {
    static let crashersDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/crashers")

    /// (harness, file) for every kept crasher.
    static let crashers: [Crasher] = FuzzHarness.allCases.flatMap { harness -> [Crasher] in
        let directory = crashersDirectory.appendingPathComponent(harness.rawValue)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { !$0.hasPrefix(".") }.sorted().map { Crasher(harness: harness, url: directory.appendingPathComponent($0)) }
    }

    struct Crasher: Sendable, CustomTestStringConvertible {
        var harness: FuzzHarness
        var url: URL
        var testDescription: String { "\(harness.rawValue)/\(url.lastPathComponent)" }
    }

    @Test("the crasher set is not empty (the replay found the folder)")
    func foundCrashers() {
        #expect(!Self.crashers.isEmpty)
    }

    @Test("replays without a crash and ends in an error", arguments: crashers)
    func replay(_ crasher: Crasher) throws {
        let bytes = try Data(contentsOf: crasher.url)
        #expect(crasher.harness.run(bytes) == 0)
    }
}
