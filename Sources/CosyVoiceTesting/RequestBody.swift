import Foundation

/// A request body and its content type, as clients send them.
public struct RequestBody: Sendable {
    public var contentType: String
    public var data: Data

    public init(contentType: String, data: Data) {
        self.contentType = contentType
        self.data = data
    }

    public static func json(_ object: [String: Any]) -> RequestBody {
        // Only test-built dictionaries of JSON values reach this.
        RequestBody(contentType: "application/json", data: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }

    public static func raw(_ text: String, contentType: String = "application/json") -> RequestBody {
        RequestBody(contentType: contentType, data: Data(text.utf8))
    }

    /// `application/x-www-form-urlencoded`.
    public static func form(_ fields: [String: String]) -> RequestBody {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let text = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        return RequestBody(contentType: "application/x-www-form-urlencoded", data: Data(text.utf8))
    }

    /// `multipart/form-data` with text fields and files (name → (filename, bytes)).
    public static func multipart(_ fields: [String: String], files: [String: (filename: String, data: Data)] = [:],
                                 boundary: String = "cosyvoice-test-\(UUID().uuidString)") -> RequestBody {
        var data = Data()
        for (name, value) in fields {
            data.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        for (name, file) in files {
            data.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(file.filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
            data.append(file.data)
            data.append(Data("\r\n".utf8))
        }
        data.append(Data("--\(boundary)--\r\n".utf8))
        return RequestBody(contentType: "multipart/form-data; boundary=\(boundary)", data: data)
    }
}
