import Foundation

/// `COSYVOICE_*` environment variables: every flag can also come from one (flag > environment > default).
enum Environment {
    static func value(_ name: String) -> String? {
        ProcessInfo.processInfo.environment["COSYVOICE_" + name].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The flag's value, else the environment's parsed as `T`, else `fallback`. A malformed environment value
    /// is an error, not a silent fallback.
    static func resolve<T: LosslessStringConvertible>(_ flag: T?, _ name: String, default fallback: T) throws -> T {
        if let flag { return flag }
        guard let raw = value(name) else { return fallback }
        guard let parsed = T(raw) else { throw EnvironmentError(name: "COSYVOICE_" + name, value: raw) }
        return parsed
    }

    /// A list flag, else a comma-separated environment value, else `fallback`.
    static func resolveList(_ flag: [String], _ name: String, default fallback: [String]) -> [String] {
        if !flag.isEmpty { return flag }
        guard let raw = value(name) else { return fallback }
        return raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

struct EnvironmentError: Error, CustomStringConvertible {
    var name: String
    var value: String
    var description: String { "\(name)=\(value) is not a valid value" }
}
