import Foundation

/// Where a PostgreSQL speaker store lives and how to reach it, from a `postgres://user:pass@host:port/db` URL
/// (`postgresql://` too; `?sslmode=disable|prefer|require` as libpq spells it, `prefer` by default).
public struct PostgresStoreSettings: Sendable, Equatable {
    public enum TLSMode: String, Sendable {
        case disable, prefer, require
    }

    public var host: String
    public var port: Int
    public var username: String
    /// Nil = none; `--store-password-file` or `COSYVOICE_STORE_PASSWORD` replace the URL's.
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// Connections the replica keeps to the database at most (`--store-pool-size`).
    public var poolSize: Int
    /// Seconds one store operation may wait for a connection and its answer; past it the database counts as
    /// unreachable and the request gets 503 rather than waiting with the client.
    public var operationTimeout: Double

    public static let defaultPort = 5432
    public static let defaultPoolSize = 8
    public static let defaultOperationTimeout = 5.0

    /// Parses a store URL. Errors say what is wrong without repeating the password.
    public init(url text: String, poolSize: Int = defaultPoolSize, operationTimeout: Double = defaultOperationTimeout) throws(InvalidStoreURL) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "postgres" || scheme == "postgresql" else {
            throw InvalidStoreURL("the store must be a postgres://user:password@host:port/database URL")
        }
        guard let host = components.host, !host.isEmpty else { throw InvalidStoreURL("the store URL names no host") }
        guard let user = components.user, !user.isEmpty else { throw InvalidStoreURL("the store URL names no user") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw InvalidStoreURL("the store URL names no database (…/database)") }
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode", let value = item.value, let mode = TLSMode(rawValue: value) else {
                throw InvalidStoreURL("the store URL's only parameter is sslmode=disable|prefer|require, got '\(item.name)'")
            }
            tls = mode
        }
        guard poolSize >= 1 else { throw InvalidStoreURL("the store's pool size must be at least 1") }
        self.host = host
        port = components.port ?? Self.defaultPort
        username = components.user?.removingPercentEncoding ?? user
        password = components.password?.removingPercentEncoding ?? components.password
        self.database = database.removingPercentEncoding ?? database
        self.tls = tls
        self.poolSize = poolSize
        self.operationTimeout = operationTimeout
    }

    /// The URL without its password, for logs.
    public var redacted: String { "postgres://\(username)@\(host):\(port)/\(database)" }
}

/// A `--store` value that is not a usable PostgreSQL URL.
public struct InvalidStoreURL: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
