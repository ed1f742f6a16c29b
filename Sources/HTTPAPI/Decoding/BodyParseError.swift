/// A body that cannot be read into fields at all: a multipart body that cannot be split into parts, one whose
/// boundary breaks RFC 2046, or one past ``MultipartScan``'s bounds. Answered with 400 and ``detail``; the
/// default text is FastAPI's for an unparseable body.
struct BodyParseError: Error {
    var detail = "There was an error parsing the body"
}
