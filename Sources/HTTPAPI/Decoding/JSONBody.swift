import Foundation

/// A JSON body as request fields.
///
/// Foundation's `JSONDecoder` does the parsing: it is linear, refuses nesting deeper than 512 levels with an
/// error (no recursion that a body of `[[[[…` could overflow), and refuses bytes that are not UTF-8. What it
/// does not refuse is an object naming a member twice: it keeps the first, where Python's `json` (the
/// reference's) keeps the last. A body that says two things about one field is refused instead (422 naming
/// the field), so no client depends on either choice.
enum JSONBody {
    static func fields(_ body: Data) throws(ValidationFailure) -> RequestFields {
        let fields: RequestFields
        do {
            fields = try JSONDecoder().decode(RequestFields.self, from: body)
        } catch let error as DecodingError {
            throw ValidationFailure(error)
        } catch {
            throw ValidationFailure([bodyInvalid])
        }
        let names = memberNames(in: body)
        if names.count > fields.values.count {
            // Some name repeats; name it when it is spelled the same both times (no escapes to compare).
            var seen = Set<Data>()
            let repeated = names.first { !seen.insert($0).inserted }.map { String(decoding: $0, as: UTF8.self) }
            throw ValidationFailure([ValidationFailure.Item(loc: ["body"] + (repeated.map { [$0] } ?? []),
                                                            msg: "JSON decode error: duplicate key", type: "json_invalid")])
        }
        return fields
    }

    private static let bodyInvalid = ValidationFailure.Item(loc: ["body"], msg: "JSON decode error", type: "json_invalid")

    /// The member names of the top-level object as written (escapes kept), in one pass over a document that
    /// `JSONDecoder` has already accepted as an object.
    private static func memberNames(in json: Data) -> [Data] {
        let (quote, backslash) = (UInt8(ascii: "\""), UInt8(ascii: "\\"))
        var names: [Data] = []
        var depth = 0
        var inString = false
        var escaped = false
        var stringIsName = false
        var expectingName = false
        var stringStart = json.startIndex
        for index in json.indices {
            let byte = json[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == backslash {
                    escaped = true
                } else if byte == quote {
                    inString = false
                    if stringIsName { names.append(json[stringStart..<index]) }
                }
                continue
            }
            switch byte {
            case quote:
                inString = true
                stringIsName = expectingName
                expectingName = false
                stringStart = json.index(after: index)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                expectingName = depth == 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
            case UInt8(ascii: ","):
                expectingName = depth == 1
            default:
                break
            }
        }
        return names
    }
}
