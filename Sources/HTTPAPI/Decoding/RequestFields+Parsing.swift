import Foundation
import Hummingbird
import NIOCore
import Synthesis

/// Reads a request's body and query string into ``RequestFields``, choosing the body parser from the
/// `Content-Type`: JSON (also when no type is given, ``JSONBody``), URL-encoded form (``URLEncodedFields``), or
/// `multipart/form-data` (``MultipartBody``). Every parser is linear in its input; bodies above
/// `context.maxUploadSize` end in 413.
///
/// A field given twice keeps its last value in forms and query strings, as Starlette's parsing does for the
/// reference server; a JSON object naming a field twice is refused (422).
extension RequestFields {
    /// The request's fields: from the body, with query parameters filling in names the body lacks.
    ///
    /// Parsing runs on a thread of its own: a 20 MB body takes seconds to parse, which must not hold one of the
    /// cooperative pool's threads (one per core) away from every other request.
    static func decode(from request: Request, context: CosyVoiceRequestContext) async throws -> RequestFields {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let (contentType, query) = (request.headers[.contentType], request.uri.query)
        return try await DedicatedThread.run("cosyvoice.body-decode") {
            try RequestFields.parse(body: body, contentType: contentType, query: query)
        }
    }

    /// The fields of a body and query string as the routes read them, on the calling thread (the fuzz
    /// harnesses' entry point). Throws what the routes would: ``ValidationFailure`` or a body parse error.
    package static func parse(_ body: Data, contentType: String?, query: String?) throws -> RequestFields {
        try parse(body: ByteBuffer(bytes: body), contentType: contentType, query: query)
    }

    /// An empty body has no fields (missing ones are reported per field later).
    static func parse(body: ByteBuffer, contentType: String?, query: String?) throws -> RequestFields {
        var fields = RequestFields()
        if body.readableBytes > 0 {
            let mediaType = contentType.flatMap(MediaType.init(from:))
            if let contentType, let mediaType, mediaType.isType(.multipartForm) {
                fields = try MultipartBody.fields(body, contentType: contentType)
            } else if let mediaType, mediaType.isType(.applicationUrlEncoded) {
                fields = try URLEncodedFields.parse(body.readableBytesView, from: .body)
            } else {
                fields = try JSONBody.fields(Data(body.readableBytesView))
            }
        }
        if let query, !query.isEmpty {
            fields = fields.merging(try URLEncodedFields.parse(query.utf8, from: .query))
        }
        return fields
    }
}
