import NIOCore

/// Guards MultipartKit's parser against header names with non-ASCII bytes.
///
/// MultipartKit 4.7.1 looks header-name bytes up in a 128-entry table, so any byte ≥ 0x80 before a part
/// header's colon is an out-of-range index: a trap that takes the whole server down (found by the
/// `multipart-form` fuzz harness; the input is kept in Fuzz/crashers). Legal header names are ASCII tokens, so a
/// body with anything else there is refused as unparseable before MultipartKit sees it. Header values (a UTF-8
/// `filename`) are not affected.
enum MultipartHeaderNames {
    /// False when a header name in any part's header block (after each `--boundary`, up to the blank line) holds
    /// a byte ≥ 0x80. Conservative: it checks every occurrence of the delimiter, wherever it is.
    static func areASCII(in body: ByteBuffer, boundary: String) -> Bool {
        let delimiter = Array(("--" + boundary).utf8)
        return body.withUnsafeReadableBytes { bytes in
            guard !delimiter.isEmpty, bytes.count >= delimiter.count else { return true }
            var index = 0
            while let start = firstIndex(of: delimiter, in: bytes, from: index) {
                index = start + delimiter.count
                guard headerNamesAreASCII(in: bytes, from: index) else { return false }
            }
            return true
        }
    }

    /// Follows MultipartKit's header grammar from just after a delimiter: `CRLF`, then lines of
    /// `name ":" value CR LF` up to an empty line (a lone CR then LF). A name ends at its colon, a value only at
    /// CR (a bare LF belongs to the value). False when a name holds a byte ≥ 0x80; true at the end of the
    /// headers or wherever MultipartKit would stop with a syntax error of its own.
    private static func headerNamesAreASCII(in bytes: UnsafeRawBufferPointer, from start: Int) -> Bool {
        let (cr, lf, colon) = (UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: ":"))
        guard start + 1 < bytes.count, bytes[start] == cr, bytes[start + 1] == lf else { return true }
        var index = start + 2
        var nameLength = 0
        var inValue = false
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inValue {
                guard byte == cr else { continue }
                guard index < bytes.count, bytes[index] == lf else { return true }
                index += 1
                inValue = false
                nameLength = 0
            } else if byte == cr {
                return true  // the empty line ending the headers, or (after a name) a syntax error
            } else if byte == colon {
                guard nameLength > 0 else { return true }
                inValue = true
            } else if byte >= 0x80 {
                return false
            } else {
                nameLength += 1
            }
        }
        return true
    }

    private static func firstIndex(of needle: [UInt8], in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start <= bytes.count - needle.count else { return nil }
        var index = start
        while index <= bytes.count - needle.count {
            if bytes[index] == needle[0] {
                var matched = 1
                while matched < needle.count && bytes[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return index }
            }
            index += 1
        }
        return nil
    }
}
