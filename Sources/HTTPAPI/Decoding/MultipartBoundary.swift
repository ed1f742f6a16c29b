/// The `boundary` parameter of a `multipart/form-data` `Content-Type`, held to RFC 2046 §5.1.1: 1 to
/// ``maxLength`` characters of `bchars` (letters, digits, `'()+_,-./:=?` and space), not ending in a space.
/// No conforming client sends anything else, and the bound keeps every delimiter search over the body cheap.
enum MultipartBoundary {
    /// RFC 2046's limit, in characters (one byte each: `bchars` are ASCII).
    static let maxLength = 70

    /// The boundary of `contentType`, or a 400 naming what is wrong with it.
    static func parse(contentType: String) throws(BodyParseError) -> String {
        guard let boundary = HeaderParameter.value("boundary", in: contentType), !boundary.isEmpty else {
            throw BodyParseError(detail: "multipart/form-data needs a boundary parameter in Content-Type")
        }
        let bytes = boundary.utf8
        guard bytes.count <= maxLength else {
            throw BodyParseError(detail: "the multipart boundary is \(bytes.count) bytes long; RFC 2046 allows 1 to \(maxLength) characters")
        }
        guard bytes.allSatisfy(isBoundaryCharacter), bytes.last != UInt8(ascii: " ") else {
            throw BodyParseError(detail: "the multipart boundary may hold only letters, digits, space and '()+_,-./:=? (RFC 2046), and may not end in a space")
        }
        return boundary
    }

    /// RFC 2046's `bchars`.
    private static func isBoundaryCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default:
            "'()+_,-./:=? ".utf8.contains(byte)
        }
    }
}
