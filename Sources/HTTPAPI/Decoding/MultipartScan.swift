import NIOCore

/// The checks a `multipart/form-data` body passes before MultipartKit parses it, in one pass over the body.
///
/// - Header names must be ASCII. MultipartKit 4.7.1 looks header-name bytes up in a 128-entry table, so a byte
///   ≥ 0x80 before a part header's colon is an out-of-range index: a trap that takes the whole server down
///   (found by the `multipart-form` fuzz harness; the input is kept in Fuzz/crashers).
/// - Bounds. MultipartKit's own work grows with the square of the number of parts (it copies the fields
///   collected so far for each part) and of a part's headers (each one replaces earlier ones of its name by
///   scanning them all), so both are capped, and so are a part's header bytes. Starlette caps a form at
///   1000 fields the same way.
///
/// Conservative: every occurrence of `--boundary`, wherever it is, counts as the start of a part and has its
/// headers checked, a superset of where MultipartKit finds parts. The search (``DelimiterSearch``) is linear in
/// the body whatever the boundary; after each hit at most ``maxHeaderBytes`` are read, and there are at most
/// ``maxParts`` + 1 hits before the body is refused.
enum MultipartScan {
    /// Most parts in one body.
    static let maxParts = 1000
    /// Most header lines in one part (clients send one or two: `Content-Disposition`, `Content-Type`).
    static let maxHeadersPerPart = 16
    /// Most bytes of one part's header block.
    static let maxHeaderBytes = 16 * 1024

    /// Throws a 400 naming the bound a body breaks, or FastAPI's unparseable-body 400 for a non-ASCII header name.
    static func check(_ body: ByteBuffer, boundary: String) throws(BodyParseError) {
        let search = DelimiterSearch(Array(("--" + boundary).utf8))
        let problem: BodyParseError? = body.withUnsafeReadableBytes { bytes in
            var delimiters = 0
            var index = bytes.startIndex
            while let found = search.firstRange(in: bytes, from: index) {
                delimiters += 1  // the closing delimiter makes one more than there are parts
                guard delimiters <= maxParts + 1 else {
                    return BodyParseError(detail: "the multipart body has more than \(maxParts) parts")
                }
                index = found.upperBound
                if let problem = headerProblem(in: bytes, from: index) { return problem }
            }
            return nil
        }
        if let problem { throw problem }
    }

    /// Follows MultipartKit's header grammar from just after a delimiter: `CRLF`, then lines of
    /// `name ":" value CR LF` up to an empty line (a lone CR then LF). A name ends at its colon, a value only at
    /// CR (a bare LF belongs to the value). Nil at the end of the headers or wherever MultipartKit would stop
    /// with a syntax error of its own.
    private static func headerProblem(in bytes: UnsafeRawBufferPointer, from start: Int) -> BodyParseError? {
        let (cr, lf, colon) = (UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: ":"))
        guard start + 1 < bytes.count, bytes[start] == cr, bytes[start + 1] == lf else { return nil }
        let end = min(bytes.count, start + 2 + maxHeaderBytes)
        var index = start + 2
        var nameLength = 0
        var headers = 0
        var inValue = false
        while index < end {
            let byte = bytes[index]
            index += 1
            if inValue {
                guard byte == cr else { continue }
                guard index < bytes.count, bytes[index] == lf else { return nil }
                index += 1
                inValue = false
                nameLength = 0
            } else if byte == cr {
                return nil  // the empty line ending the headers, or (after a name) a syntax error
            } else if byte == colon {
                guard nameLength > 0 else { return nil }
                headers += 1
                guard headers <= maxHeadersPerPart else {
                    return BodyParseError(detail: "a part of the multipart body has more than \(maxHeadersPerPart) headers")
                }
                inValue = true
            } else if byte >= 0x80 {
                return BodyParseError()
            } else {
                nameLength += 1
            }
        }
        guard end == bytes.count else {
            return BodyParseError(detail: "a part of the multipart body has more than \(maxHeaderBytes) bytes of headers")
        }
        return nil
    }
}
