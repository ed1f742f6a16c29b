/// The named fields of a request body (and query string), read by ``RequestFields/decode(from:context:)``.
public struct RequestFields: Sendable, Decodable {
    public var values: [String: FieldValue]

    public init(_ values: [String: FieldValue] = [:]) {
        self.values = values
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: FieldName.self)
        var values: [String: FieldValue] = [:]
        for key in container.allKeys {
            values[key.stringValue] = (try? container.decode(FieldValue.self, forKey: key)) ?? .other
        }
        self.values = values
    }

    public subscript(name: String) -> FieldValue? { values[name] }

    /// These fields with `other`'s added where these have none (the body wins over the query string).
    public func merging(_ other: RequestFields) -> RequestFields {
        RequestFields(values.merging(other.values) { mine, _ in mine })
    }

    struct FieldName: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
