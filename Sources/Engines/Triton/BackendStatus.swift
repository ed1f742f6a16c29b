/// Whether a backend can take requests now, as `/ready` reports it.
public struct BackendStatus: Sendable, Equatable, Encodable {
    public var ready: Bool
    /// Why not, when not ready (unreachable, model not ready, model without the expected tensors).
    public var reason: String?
    public var url: String
    public var model: String
    /// `fail` or `local`: whether this backend being down makes the server not ready.
    public var fallback: String

    public init(ready: Bool, reason: String?, url: String, model: String, fallback: String) {
        self.ready = ready
        self.reason = reason
        self.url = url
        self.model = model
        self.fallback = fallback
    }
}
