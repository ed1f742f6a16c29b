import ArgumentParser
import Foundation
import Server
import Synthesis

/// Where `serve` keeps cloned speakers, each also read from `COSYVOICE_<NAME>`: SQLite in the data directory
/// by default, or a PostgreSQL database every replica of a deployment shares.
struct StoreOptions: ParsableArguments {
    @Option(help: .flag("Speaker store: a postgres://user:password@host:port/database URL (?sslmode=disable|prefer|require) shared by every replica",
                        environment: "STORE", defaultRule: "SQLite at <data-dir>/speakers.sqlite"))
    var store: String?

    @Option(help: .flag("File holding the PostgreSQL password (one line); replaces the URL's", environment: "STORE_PASSWORD_FILE",
                        defaultRule: "COSYVOICE_STORE_PASSWORD, else the URL's"))
    var storePasswordFile: String?

    @Option(help: .flag("PostgreSQL connections per replica at most", environment: "STORE_POOL_SIZE", default: PostgresStoreSettings.defaultPoolSize))
    var storePoolSize: Int?

    func apply(to configuration: inout ServerConfiguration) throws {
        let poolSize = try Environment.resolve(storePoolSize, "STORE_POOL_SIZE", default: PostgresStoreSettings.defaultPoolSize)
        guard poolSize >= 1 else { throw ValidationError("--store-pool-size must be at least 1") }
        guard let url = store ?? Environment.value("STORE") else {
            guard storePasswordFile == nil else { throw ValidationError("--store-password-file needs --store postgres://…") }
            return
        }
        var settings: PostgresStoreSettings
        do { settings = try PostgresStoreSettings(url: url, poolSize: poolSize) } catch { throw ValidationError("--store: \(error)") }
        if let path = storePasswordFile ?? Environment.value("STORE_PASSWORD_FILE") {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("--store-password-file: cannot read \(path)")
            }
            // Secrets mounted from files usually end with a newline that is no part of the password.
            settings.password = String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
        } else if let password = ProcessInfo.processInfo.environment["COSYVOICE_STORE_PASSWORD"] {
            settings.password = password
        }
        configuration.postgresStore = settings
    }
}
