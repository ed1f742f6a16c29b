import MultipartKit
import NIOCore

/// A `multipart/form-data` body as request fields: the boundary checked (``MultipartBoundary``), the body
/// checked and bounded (``MultipartScan``), then parsed by MultipartKit. A part name given twice keeps its last
/// part, as in Starlette.
enum MultipartBody {
    static func fields(_ body: ByteBuffer, contentType: String) throws -> RequestFields {
        let boundary = try MultipartBoundary.parse(contentType: contentType)
        try MultipartScan.check(body, boundary: boundary)
        do {
            return try FormDataDecoder().decode(RequestFields.self, from: body, boundary: boundary)
        } catch let error as ValidationFailure {
            throw error
        } catch {
            throw BodyParseError()  // MultipartKit's syntax errors and DecodingErrors: truncated or malformed parts
        }
    }
}
