import Foundation
import MultipartKit

/// A file field of a `multipart/form-data` body: its bytes, declared content type and original file name.
public struct UploadedFile: Sendable, Equatable, MultipartPartConvertible, Decodable {
    public var data: Data
    /// The part's `Content-Type`, if the client sent one.
    public var contentType: String?
    /// The `filename` of the part's `Content-Disposition`; nil for a plain text field.
    public var filename: String?

    public init(data: Data, contentType: String? = nil, filename: String? = nil) {
        self.data = data
        self.contentType = contentType
        self.filename = filename
    }

    public init?(multipart: MultipartPart) {
        data = Data(multipart.body.readableBytesView)
        contentType = multipart.headers.first(name: "Content-Type")
        filename = multipart.headers.first(name: "Content-Disposition").flatMap { HeaderParameter.value("filename", in: $0) }
    }

    public var multipart: MultipartPart? {
        var headers = HTTPHeaders()
        if let contentType { headers.add(name: "Content-Type", value: contentType) }
        return MultipartPart(headers: headers, body: data)
    }

    /// Only multipart bodies carry files; every other decoder finds a type mismatch here.
    public init(from decoder: any Decoder) throws {
        throw DecodingError.typeMismatch(UploadedFile.self, .init(codingPath: decoder.codingPath, debugDescription: "not a file part"))
    }
}
