import _ConnectionPoolModule
import NIOCore
import PostgresNIO

/// A PostgreSQL store operation that failed for a reason other than reaching the database (a query the
/// database refused, an answer that does not decode). It becomes an internal failure: logged, never sent.
struct PostgresFailure: Error, CustomStringConvertible {
    var operation: String
    var cause: String
    var description: String { "\(operation): \(cause)" }

    /// Whether `error` means the database cannot be reached or serve now, rather than that the request is
    /// wrong: no connection, a connection lost, a pool that gave up connecting, or the server's own
    /// connection, shutdown and resource error classes (SQLSTATE 08, 53, 57, 58).
    static func isUnreachable(_ error: any Error) -> Bool {
        switch cause(error) {
        case is SpeakerStoreUnavailable, is ConnectionPoolError, is IOError, is ChannelError:
            return true
        case let error as PSQLError:
            switch error.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed, .queryCancelled:
                return true
            case .server:
                let state = error.serverInfo?[.sqlState] ?? ""
                return ["08", "53", "57", "58"].contains(String(state.prefix(2)))
            default:
                return error.underlying.map(isUnreachable) ?? false
            }
        default:
            return false
        }
    }

    /// What the log says about `error`: PostgreSQL's own message and SQLSTATE when it sent one (PSQLError's
    /// description hides them), else the error as it describes itself.
    static func summary(_ error: any Error) -> String {
        guard let error = cause(error) as? PSQLError else { return String(describing: cause(error)) }
        if let info = error.serverInfo, let message = info[.message] {
            return "\(message) (SQLSTATE \(info[.sqlState] ?? "?"))"
        }
        return "\(error.code)" + (error.underlying.map { ": \($0)" } ?? "")
    }

    /// The error inside a failed transaction (its BEGIN, body or COMMIT), else `error` itself.
    static func cause(_ error: any Error) -> any Error {
        guard let transaction = error as? PostgresTransactionError else { return error }
        return transaction.closureError ?? transaction.beginError ?? transaction.commitError ?? error
    }
}
