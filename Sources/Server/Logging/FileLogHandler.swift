import Foundation
import Logging
import Synchronization

/// Appends log lines to a file, as the reference server does, keeping it under a size cap by rotating the
/// full file to `<name>.1` (one generation kept). Every message and metadata value is escaped by
/// ``LogEscaping``, so each event is exactly one line.
public struct FileLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let sink: FileLogSink

    public init(label: String, sink: FileLogSink) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = LogEscaping.metadata(of: event, handler: metadata, provider: metadataProvider)
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let timestamp = Date().formatted(.iso8601)
        let message = LogEscaping.message(event.message.description)
        sink.write("\(timestamp) \(event.level) \(label): \(message)\(fields.isEmpty ? "" : " " + fields)\n")
    }
}

/// The shared file behind every `FileLogHandler`; writes are serialised.
public final class FileLogSink: Sendable {
    /// Size at which the file is rotated, in bytes.
    public let maximumBytes: UInt64
    private let url: URL
    private let handle: Mutex<FileHandle?>

    public init(url: URL, maximumBytes: UInt64 = 10 * 1024 * 1024) throws {
        self.url = url
        self.maximumBytes = maximumBytes
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        handle = Mutex(try Self.open(url))
    }

    func write(_ line: String) {
        handle.withLock { handle in
            guard let current = handle else { return }
            current.write(Data(line.utf8))
            if (try? current.offset()) ?? 0 > maximumBytes {
                try? current.close()
                let rotated = url.appendingPathExtension("1")
                try? FileManager.default.removeItem(at: rotated)
                try? FileManager.default.moveItem(at: url, to: rotated)
                handle = try? Self.open(url)
            }
        }
    }

    private static func open(_ url: URL) throws -> FileHandle {
        if !FileManager.default.fileExists(atPath: url.path) {
            // A file that cannot be created fails the open below, with the reason.
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        return handle
    }
}
