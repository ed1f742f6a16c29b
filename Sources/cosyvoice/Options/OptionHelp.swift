import ArgumentParser

extension ArgumentHelp {
    /// Help for a `serve` flag read also from `COSYVOICE_<environment>`, with its default rendered from the
    /// value the server uses, so the help never drifts from it.
    static func flag(_ abstract: String, environment: String, default value: some CustomStringConvertible) -> ArgumentHelp {
        ArgumentHelp("\(abstract) (env COSYVOICE_\(environment)). [default: \(value)]")
    }

    /// Help for a flag whose default is a rule rather than one value.
    static func flag(_ abstract: String, environment: String, defaultRule rule: String) -> ArgumentHelp {
        ArgumentHelp("\(abstract) (env COSYVOICE_\(environment)). [default: \(rule)]")
    }
}
