import Logging

/// How every value reaches a log line: on one line, and unambiguous. Client strings (speaker ids, the error
/// messages that quote them, request paths) end up in messages and metadata; unescaped, a newline in one would
/// start a line that looks like the server's own.
///
/// - Escaped everywhere: `\` as `\\`, newline, carriage return and tab as `\n`, `\r`, `\t`; every other control
///   or format character (ESC, NEL U+0085, U+2028, U+2029, bidirectional overrides such as U+202E) as `\u{…}`.
/// - Metadata values are also quoted (logfmt style, `"…"` with `\"` inside) when they are empty or hold
///   whitespace, `"` or `=`, or anything escaped, so a value cannot pose as further `key=value` fields.
enum LogEscaping {
    /// A message with its line breaks and other invisible characters escaped; never quoted.
    static func message(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars { append(scalar, to: &out, quoting: false) }
        return out
    }

    /// A metadata key or value, escaped, and quoted where it could be misread.
    static func field(_ text: String) -> String {
        var out = ""
        var quote = text.isEmpty
        for scalar in text.unicodeScalars {
            quote = quote || scalar == "=" || scalar.properties.isWhitespace || scalar == "\"" || needsEscape(scalar)
            append(scalar, to: &out, quoting: true)
        }
        return quote ? "\"" + out + "\"" : out
    }

    /// The metadata an event is logged with — the handler's, then the provider's, then the event's own, then
    /// its error — with every key and value escaped.
    static func metadata(of event: LogEvent, handler: Logger.Metadata, provider: Logger.MetadataProvider?) -> Logger.Metadata {
        var merged = handler
        merged.merge(provider?.get() ?? [:]) { _, new in new }
        merged.merge(event.metadata ?? [:]) { _, new in new }
        if let error = event.error { merged["error"] = "\(error)" }
        var escaped: Logger.Metadata = [:]
        for (key, value) in merged { escaped[field(key)] = .string(field("\(value)")) }
        return escaped
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: true
        default: scalar == "\\"
        }
    }

    private static func append(_ scalar: Unicode.Scalar, to out: inout String, quoting: Bool) {
        switch scalar {
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\"" where quoting: out += "\\\""
        case _ where needsEscape(scalar): out += "\\u{" + String(scalar.value, radix: 16) + "}"
        default: out.unicodeScalars.append(scalar)
        }
    }
}
