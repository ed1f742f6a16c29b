import CosyVoiceTesting
import Foundation
import Logging
import Server
import Testing

@Suite("The log file stays under its size cap")
struct FileLogTests {
    @Test("past the cap the file is rotated to <name>.1, keeping one generation, and no line is split")
    func rotatesAtTheCap() throws {
        let directory = RunningServer.temporaryDirectory()
        let url = directory.appendingPathComponent("logs/server.log")
        let sink = try FileLogSink(url: url, maximumBytes: 4096)
        let logger = Logger(label: "cap-test") { FileLogHandler(label: $0, sink: sink) }
        for index in 0..<400 { logger.info("line \(index) of the size-cap test") }
        let current = try String(contentsOf: url, encoding: .utf8)
        let rotated = try String(contentsOf: url.appendingPathExtension("1"), encoding: .utf8)
        // Rotation happens after the write that passed the cap, so a file is at most one line over it.
        let longestLine = 200
        #expect(current.utf8.count <= 4096 + longestLine)
        #expect(rotated.utf8.count <= 4096 + longestLine && rotated.utf8.count > 4096 - longestLine)
        #expect(!FileManager.default.fileExists(atPath: url.appendingPathExtension("2").path))
        // The newest lines are in the current file, the ones before them in the rotated one, all whole.
        #expect(current.hasSuffix("line 399 of the size-cap test\n"))
        for line in (rotated + current).split(separator: "\n") { #expect(line.hasSuffix("of the size-cap test"), "\(line)") }
    }
}
