import Hummingbird
import Synthesis

/// The same failures in OpenAI's error shape, `{"error": {"message", "type", "param", "code"}}`, for the
/// routes under `/v1/`. The status is the CosyVoice table's, except where OpenAI's clients expect another:
/// an unknown voice is 404, and a request-shape problem (FastAPI's 422) is 400.
extension HTTPFailure {
    var openAIResponse: Response {
        let (status, detail, headers) = answer
        var openAIStatus = status
        var message: String
        var param: String?
        switch detail {
        case .message(let text): message = text
        case .items(let items):
            message = items.map { "\($0.loc.last.map { "\($0): " } ?? "")\($0.msg)" }.joined(separator: "; ")
            param = items.first.flatMap { $0.loc.count > 1 ? $0.loc.last : nil }
        }
        var type = "invalid_request_error"
        var code: String?
        switch self {
        case .synthesis(let error):
            switch error {
            case .unknownSpeaker:
                openAIStatus = .notFound
                param = "voice"
                code = "voice_not_found"
            case .invalidInput(let field, _):
                param = field
            case .limitExceeded:
                param = param ?? "input"
                code = "string_above_max_length"
            case .overloaded:
                type = "rate_limit_error"
                code = "rate_limit_exceeded"
            case .timedOut, .unavailable, .internalFailure, .cancelled, .backendUnavailable:
                type = "server_error"
            case .unsupported, .notFound:
                break
            }
        case .validation:
            openAIStatus = .badRequest
        case .unauthorized:
            type = "authentication_error"
            code = "invalid_api_key"
            message = "Incorrect API key provided: " + message
        case .draining, .internalError:
            type = "server_error"
        case .malformedBody, .bodyTimeout, .bodyTooLarge, .routing:
            break
        }
        let body = OpenAIErrorBody(error: .init(message: message, type: type, param: param, code: code))
        return Response.json(body, status: openAIStatus, headers: headers)
    }
}

/// OpenAI's error body.
struct OpenAIErrorBody: Codable, Equatable {
    struct Detail: Codable, Equatable {
        var message: String
        var type: String
        var param: String?
        var code: String?

        // OpenAI sends `null` for absent values rather than leaving the keys out.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(message, forKey: .message)
            try container.encode(type, forKey: .type)
            try container.encode(param, forKey: .param)
            try container.encode(code, forKey: .code)
        }
    }
    var error: Detail
}
