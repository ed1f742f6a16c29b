import CosyVoiceTestTraits
import CosyVoiceTesting
import Foundation
import Testing
@testable import cosyvoice_fuzz

/// Every input a fuzzer ever crashed on (Fuzz/crashers/<harness>/), replayed through the same harness code
/// `scripts/fuzz` runs. Returning at all means no trap; where the harness can refuse input
/// (`FuzzHarness.crasherOutcome`), the crasher must also end in a refusal, not a request or a decoded prompt.
@Suite("Fuzzer crashers replay without a crash", .offThePool)
struct CrasherReplayTests {
    static var crashersDirectory: URL { Fixtures.crashers }

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

    @Test("replays without a crash, refused where the harness refuses", arguments: crashers)
    func replay(_ crasher: Crasher) throws {
        let bytes = try Data(contentsOf: crasher.url)
        let values = crasher.harness.run(bytes)
        switch crasher.harness.crasherOutcome {
        case .refused:
            #expect(values == 0, "\(crasher.testDescription) gave \(values) value(s)")
        case .any:
            break  // returning is the whole check: a trap ends the test process
        }
    }
}
