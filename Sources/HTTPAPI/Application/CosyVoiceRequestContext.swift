import Hummingbird
import NIOCore
import Operations
import Synthesis

/// Per-request state: Hummingbird's core storage, the connection (so a vanished client can cancel its
/// synthesis), the body limit, and the record the request log line is written from.
public struct CosyVoiceRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client connection; its close future stops a running synthesis.
    public let channel: any Channel
    /// Largest body in bytes; set from ``HTTPConfiguration/maxBodyBytes`` by the first middleware.
    public var maxUploadSize: Int = Limits().maxBodyBytes
    /// How long the body may take to arrive; set from ``HTTPConfiguration/bodyTimeout`` by the first middleware.
    var bodyDeadline = BodyDeadline(seconds: HTTPConfiguration.defaultBodyTimeout)
    /// Where a streamed response learns that its client went away; set by the first middleware.
    var connectionWatch = ConnectionWatch()
    /// What the routes learned about the request (mode, speaker, audio sent), for the log line.
    public var record = RequestRecord(surface: .http)

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
