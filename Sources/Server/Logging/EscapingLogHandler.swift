import Logging

/// Wraps another handler (standard error's `StreamLogHandler`) so that what it prints is escaped by
/// ``LogEscaping``: the message, and every metadata key and value, the handler's own and the event's. The
/// wrapped handler sees only escaped strings and keeps its format.
public struct EscapingLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private var wrapped: any LogHandler

    /// Takes over `handler`'s metadata and metadata provider, so that they too are escaped.
    public init(_ handler: any LogHandler) {
        wrapped = handler
        metadata = handler.metadata
        metadataProvider = handler.metadataProvider
        wrapped.metadata = [:]
        wrapped.metadataProvider = nil
    }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var escaped = event
        escaped.metadata = LogEscaping.metadata(of: event, handler: metadata, provider: metadataProvider)
        escaped.error = nil
        escaped.message = "\(LogEscaping.message(event.message.description))"
        wrapped.log(event: escaped)
    }
}
