/// Parameters of a header such as `form-data; name="file"; filename="a.wav"` or
/// `multipart/form-data; boundary=xyz` (RFC 9110 §5.6.6): `;`-separated `name=value` pairs after the first
/// item, each value a token or a quoted string with `\` escapes, so a quoted `;` or `"` stays in the value.
///
/// One pass over the header's bytes whatever it holds: header values come from the client, and an
/// 80 kB one must cost 80 kB of work.
enum HeaderParameter {
    /// The value of the first parameter called `name` (ASCII case-insensitive), quotes and escapes removed;
    /// nil when there is none.
    static func value(_ name: String, in header: String) -> String? {
        let wanted = Array(name.utf8.lazy.map(lowercased))
        let bytes = Array(header.utf8)
        var index = bytes.firstIndex(of: semicolon) ?? bytes.endIndex
        while index < bytes.endIndex {
            index += 1  // past the `;`
            let nameStart = index
            while index < bytes.endIndex, bytes[index] != equals, bytes[index] != semicolon { index += 1 }
            let found = trimmed(bytes[nameStart..<index])
            guard index < bytes.endIndex, bytes[index] == equals else { continue }  // `; flag` without a value
            index += 1
            while index < bytes.endIndex, isWhitespace(bytes[index]) { index += 1 }
            var value: [UInt8] = []
            if index < bytes.endIndex, bytes[index] == quote {
                index += 1
                while index < bytes.endIndex, bytes[index] != quote {
                    if bytes[index] == backslash, index + 1 < bytes.endIndex { index += 1 }
                    value.append(bytes[index])
                    index += 1
                }
                while index < bytes.endIndex, bytes[index] != semicolon { index += 1 }  // after the closing quote
            } else {
                let valueStart = index
                while index < bytes.endIndex, bytes[index] != semicolon { index += 1 }
                value = Array(trimmed(bytes[valueStart..<index]))
            }
            if found.count == wanted.count, zip(found, wanted).allSatisfy({ lowercased($0) == $1 }) {
                return String(decoding: value, as: UTF8.self)
            }
        }
        return nil
    }

    private static let (semicolon, equals, quote, backslash) = (UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: "\""), UInt8(ascii: "\\"))

    private static func isWhitespace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, isWhitespace(first) { slice.removeFirst() }
        while let last = slice.last, isWhitespace(last) { slice.removeLast() }
        return slice
    }
}
