/// `application/x-www-form-urlencoded` text, a form body or a query string, as request fields, read the way
/// Starlette reads them for the reference server: `&` separates pairs, the first `=` splits a pair, `+` is a
/// space, names are literal (`a[b]` is a name, not nesting), a pair without `=` is a name with an empty value,
/// empty pairs are skipped, and a name given twice keeps its last value.
///
/// Stricter than Starlette where it would guess: a `%` not followed by two hex digits, bytes that are not
/// UTF-8 once decoded, and an empty name are refused with a 422 naming the field (or the whole body or query
/// when the name itself is unreadable), where Starlette keeps the `%` or puts U+FFFD in the text. A client
/// never hears mangled text. One pass over the bytes; the first bad pair ends it.
enum URLEncodedFields {
    /// Where the text came from, the first element of a failure's `loc`.
    enum Location: String {
        case body, query
    }

    static func parse(_ bytes: some Collection<UInt8>, from location: Location) throws(ValidationFailure) -> RequestFields {
        var values: [String: FieldValue] = [:]
        for pair in bytes.split(separator: UInt8(ascii: "&")) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let name = try text(pair[..<(equals ?? pair.endIndex)], location: location, field: nil)
            guard !name.isEmpty else {
                throw ValidationFailure([.init(loc: [location.rawValue], msg: "Value error, a field has an empty name", type: "value_error")])
            }
            let value = equals.map { pair[pair.index(after: $0)...] } ?? pair[pair.endIndex...]
            values[name] = .text(try text(value, location: location, field: name))
        }
        return RequestFields(values)
    }

    /// Percent- and `+`-decoded UTF-8 text; `field` nil for a name (which cannot name itself in the failure).
    private static func text(_ encoded: some Collection<UInt8>, location: Location, field: String?) throws(ValidationFailure) -> String {
        let loc = [location.rawValue] + (field.map { [$0] } ?? [])
        let what = field == nil ? "a field name" : "the value"
        guard let bytes = percentDecoded(encoded) else {
            throw ValidationFailure([.init(loc: loc, msg: "Value error, \(what) has a '%' not followed by two hex digits", type: "value_error")])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ValidationFailure([.init(loc: loc, msg: "Input should be a valid string, unable to parse raw data as a unicode string", type: "string_unicode")])
        }
        return text
    }

    /// The bytes with `+` as a space and each `%XX` as its byte; nil when a `%` lacks its two hex digits.
    private static func percentDecoded(_ encoded: some Collection<UInt8>) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encoded.count)
        var iterator = encoded.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        return bytes
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
