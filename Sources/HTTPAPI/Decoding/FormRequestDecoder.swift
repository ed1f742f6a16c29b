import Foundation
import Hummingbird
import MultipartKit

/// Chooses the body decoder from the `Content-Type`: JSON (also when no type is given), URL-encoded form, or
/// `multipart/form-data` through MultipartKit. Bodies above `context.maxUploadSize` end in 413.
public struct FormRequestDecoder: RequestDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return try decode(T.self, from: buffer, contentType: request.headers[.contentType])
    }

    func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer, contentType: String?) throws -> T {
        let mediaType = contentType.flatMap(MediaType.init(from:))
        do {
            if let mediaType, mediaType.isType(.multipartForm) {
                guard let boundary = contentType.flatMap({ UploadedFile.parameter("boundary", in: $0) }), !boundary.isEmpty,
                      MultipartHeaderNames.areASCII(in: buffer, boundary: boundary) else {
                    throw BodyParseError()
                }
                do {
                    return try FormDataDecoder().decode(T.self, from: buffer, boundary: boundary)
                } catch is DecodingError {
                    throw BodyParseError()
                } catch let error as ValidationFailure {
                    throw error
                } catch {
                    throw BodyParseError()  // MultipartParserError: truncated or malformed parts
                }
            }
            if let mediaType, mediaType.isType(.applicationUrlEncoded) {
                return try URLEncodedFormDecoder().decode(T.self, from: String(decoding: buffer.readableBytesView, as: UTF8.self))
            }
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw ValidationFailure(error)
        }
    }
}

extension RequestFields {
    /// The request's fields: from the body (JSON, URL-encoded or multipart), with query parameters filling in
    /// names the body lacks. An empty body has no fields (missing ones are reported per field later).
    static func decode(from request: Request, context: CosyVoiceRequestContext) async throws -> RequestFields {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        var fields = RequestFields()
        if buffer.readableBytes > 0 {
            fields = try context.requestDecoder.decode(RequestFields.self, from: buffer, contentType: request.headers[.contentType])
        }
        if let query = request.uri.query, !query.isEmpty,
           let queryFields = try? URLEncodedFormDecoder().decode(RequestFields.self, from: query) {
            fields = fields.merging(queryFields)
        }
        return fields
    }
}

extension RequestFields {
    /// The fields of a body as the routes read them, without a request around it (the fuzz harnesses'
    /// entry point). Throws what the routes would: ``ValidationFailure`` or a body parse error.
    package static func parse(_ body: Data, contentType: String?) throws -> RequestFields {
        try FormRequestDecoder().decode(RequestFields.self, from: ByteBuffer(bytes: body), contentType: contentType)
    }
}

/// A multipart body that cannot be split into parts (FastAPI answers these with 400 and this text).
struct BodyParseError: Error {
    let detail = "There was an error parsing the body"
}
