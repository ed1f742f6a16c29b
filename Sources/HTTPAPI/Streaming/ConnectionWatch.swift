import NIOCore
import Synchronization

/// Runs actions when a client's connection closes, with one close callback per connection however many
/// requests a keep-alive connection carries.
///
/// Hummingbird does not cancel a handler whose client went away, and a streamed body only notices at its next
/// write; the engine may be busy for a while before that. A callback per request on the connection's close
/// future would pile up (and keep every finished request's task alive) for as long as the connection lives,
/// so requests register here and unregister when they end.
public final class ConnectionWatch: Sendable {
    public init() {}

    private struct Connection {
        var actions: [UInt64: @Sendable () -> Void] = [:]
    }
    private let connections = Mutex<(byChannel: [ObjectIdentifier: Connection], nextToken: UInt64)>(([:], 0))

    /// Calls `action` once if `channel` closes before the returned registration is cancelled.
    func onClose(of channel: any Channel, _ action: @escaping @Sendable () -> Void) -> Registration {
        let id = ObjectIdentifier(channel)
        let (token, isFirst) = connections.withLock { state -> (UInt64, Bool) in
            state.nextToken += 1
            let isFirst = state.byChannel[id] == nil
            state.byChannel[id, default: Connection()].actions[state.nextToken] = action
            return (state.nextToken, isFirst)
        }
        if isFirst {
            channel.closeFuture.whenComplete { [self] _ in closed(id) }
        }
        return Registration(watch: self, channel: id, token: token)
    }

    /// Connections watched now: at most one per open connection, none once they closed.
    public var watchedConnections: Int { connections.withLock { $0.byChannel.count } }
    /// Actions registered now, over all connections: one per response being written.
    public var registeredActions: Int { connections.withLock { $0.byChannel.values.reduce(0) { $0 + $1.actions.count } } }

    private func closed(_ id: ObjectIdentifier) {
        let actions = connections.withLock { $0.byChannel.removeValue(forKey: id)?.actions.values.map { $0 } ?? [] }
        actions.forEach { $0() }
    }

    fileprivate func remove(_ token: UInt64, from id: ObjectIdentifier) {
        connections.withLock { _ = $0.byChannel[id]?.actions.removeValue(forKey: token) }
    }

    /// One request's registration; cancel it when the request ends.
    struct Registration: Sendable {
        fileprivate let watch: ConnectionWatch
        fileprivate let channel: ObjectIdentifier
        fileprivate let token: UInt64

        func cancel() { watch.remove(token, from: channel) }
    }
}
