/// The FastAPI (pydantic v2) 422 shape: `{"detail": [{"loc": ["body", "tts_text"], "msg": "...", "type": "..."}]}`.
/// Clients of the reference server already parse it, so missing fields, wrong types and malformed JSON use it.
public struct ValidationFailure: Error, Sendable, Equatable {
    public struct Item: Sendable, Equatable, Encodable {
        /// Where the problem is: `["body", "<field>"]`, or `["body"]` for the body as a whole.
        public var loc: [String]
        public var msg: String
        /// pydantic's error type: "missing", "json_invalid", "string_type", "float_parsing", "bool_parsing"…
        public var type: String
    }

    public var items: [Item]

    init(_ items: [Item]) { self.items = items }

    static func missing(_ field: String) -> Item {
        Item(loc: ["body", field], msg: "Field required", type: "missing")
    }

    static func invalid(_ field: String, type: String, msg: String) -> Item {
        Item(loc: ["body", field], msg: msg, type: type)
    }

    /// A body-level decoding failure: malformed JSON, or JSON that is not an object.
    init(_ error: DecodingError) {
        switch error {
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            items = [Item(loc: ["body"], msg: "Input should be a valid dictionary or object to extract fields from",
                          type: "model_attributes_type")]
        default:
            items = [Item(loc: ["body"], msg: "JSON decode error", type: "json_invalid")]
        }
    }
}
