/// One field of a request, whatever the body encoding: JSON gives typed scalars, forms give text and files.
public enum FieldValue: Sendable, Equatable, Decodable {
    case text(String)
    case number(Double)
    case bool(Bool)
    case null
    case file(UploadedFile)
    /// Text that cannot be read as text: bytes that are not UTF-8 in a multipart part, or a JSON string with
    /// unpaired surrogates or raw control characters. Refused (422) by whichever field reads it.
    case invalidText
    /// A JSON object with a string `id` (OpenAI's `"voice": {"id": …}`), its other keys ignored.
    case identified(String)
    /// A JSON array, or an object without a string `id`: never a valid value for the API's scalar fields.
    case other

    /// Tries the shapes from most to least specific, so one type decodes from JSON and multipart decoders
    /// alike (a multipart part is always a file or text, never a number).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let file = try? container.decode(UploadedFile.self) {
            if file.filename != nil {
                self = .file(file)
            } else {
                self = String(validating: file.data, as: UTF8.self).map(FieldValue.text) ?? .invalidText
            }
            return
        }
        do {
            self = .text(try container.decode(String.self))
            return
        } catch is DecodingError {
            // Not a string: one of the shapes below.
        } catch {
            // A string whose contents cannot be read: JSONDecoder reports those with its own error type.
            self = .invalidText
            return
        }
        if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if container.decodeNil() {
            self = .null
        } else if let object = try? container.decode(IdentifiedObject.self) {
            self = .identified(object.id)
        } else {
            self = .other
        }
    }
}

/// The one key of a JSON object the API reads.
private struct IdentifiedObject: Decodable {
    var id: String
}
