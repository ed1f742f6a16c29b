/// The shared parts of the document: security schemes, the error answers of ``HTTPFailure``'s table in both
/// shapes, and the JSON bodies of successful answers.
extension OpenAPIDocument {
    var components: JSONValue {
        var responses: [String: JSONValue] = [:]
        for status in APIOperation.documentedFailureStatuses {
            let headers = Self.errorHeaders(status)
            let cosyVoiceSchema = status == 422 ? "ValidationError" : "Error"
            responses[APIOperation.errorResponseName(status, .cosyVoice)] =
                ["description": .string(Self.failureDescription(status)), "headers": headers,
                 "content": [Self.json: ["schema": ["$ref": .string("#/components/schemas/\(cosyVoiceSchema)")]]]]
            responses[APIOperation.errorResponseName(status, .openAI)] =
                ["description": .string(Self.failureDescription(status)), "headers": headers,
                 "content": [Self.json: ["schema": ["$ref": "#/components/schemas/OpenAIError"]]]]
        }
        return [
            "securitySchemes": [
                "bearerKey": ["type": "http", "scheme": "bearer", "description": "An API key as a bearer token."],
                "apiKeyHeader": ["type": "apiKey", "in": "header", "name": .string(CosyVoiceHeader.apiKey)],
            ],
            "responses": .object(responses),
            "schemas": schemas,
        ]
    }

    /// What each failure status means, from ``HTTPFailure``'s table.
    static func failureDescription(_ status: Int) -> String {
        switch status {
        case 400: "Unusable request: unknown speaker, empty text, bad audio, a limit exceeded, or a body that does not parse"
        case 401: "No accepted API key"
        case 404: "Not found"
        case 408: "The body did not arrive in time; the connection is closed"
        case 413: "The body is larger than the limit"
        case 422: "A field is missing or has the wrong type, or the JSON is malformed (FastAPI's list)"
        case 429: "The server is at capacity; retry after `Retry-After` seconds"
        case 500: "Unexpected failure; nothing internal is sent"
        case 503: "Shutting down or the speaker store unreachable (both with `Retry-After`), the synthesis took too long, or a needed file is missing"
        default: "Failure"
        }
    }

    static func errorHeaders(_ status: Int) -> JSONValue {
        switch status {
        case 401: ["WWW-Authenticate": ["schema": ["type": "string"], "required": true]]
        case 429: ["Retry-After": ["description": "Seconds", "schema": ["type": "integer"], "required": true]]
        case 503: ["Retry-After": ["description": "Seconds (while shutting down, or while the speaker store is unreachable)", "schema": ["type": "integer"]]]
        default: [:]
        }
    }

    private var schemas: JSONValue {
        let string: JSONValue = ["type": "string"]
        let nullableString: JSONValue = ["type": ["string", "null"]]
        return [
            "Error": object(["detail": ["type": "string"]], required: ["detail"]),
            "ValidationError": object(["detail": ["type": "array", "items": object([
                "loc": ["type": "array", "items": ["type": ["string", "integer"]]],
                "msg": string,
                "type": string,
            ], required: ["loc", "msg", "type"])]], required: ["detail"]),
            "OpenAIError": object(["error": object([
                "message": string, "type": string, "param": nullableString, "code": nullableString,
            ], required: ["message", "type", "param", "code"])], required: ["error"]),
            "Welcome": object(["message": string, "version": ["type": "string", "examples": [.string(version)]]], required: ["message", "version"]),
            "SpeakerIDs": object(["speakers": ["type": "array", "items": string]], required: ["speakers"]),
            "CloneResult": object(["status": ["const": "success"], "message": string, "spk_id": string],
                                  required: ["status", "message", "spk_id"]),
            "UploadedAudio": object(["filename": string, "audio_base64": ["type": "string", "contentEncoding": "base64"]],
                                    required: ["filename", "audio_base64"]),
            "SpeakerList": object(["speakers": ["type": "array", "items": object([
                "id": string,
                "kind": ["enum": ["built-in", "cloned"]],
                "created": ["type": ["string", "null"], "description": "When a cloned speaker was made (ISO 8601); null for built-ins."],
                "language": nullableString,
                "gender": nullableString,
            ], required: ["id", "kind", "created", "language", "gender"])]], required: ["speakers"]),
            "DeletedSpeaker": object(["status": ["const": "deleted"], "spk_id": string], required: ["status", "spk_id"]),
            "VoiceList": object(["voices": ["type": "array", "items": object([
                "id": string, "speaker": string, "kind": ["enum": ["built-in", "cloned"]],
                "language": nullableString, "gender": nullableString, "engine": nullableString,
            ], required: ["id", "speaker", "kind"])]], required: ["voices"]),
            "ModelList": object(["object": ["const": "list"], "data": ["type": "array", "items": object([
                "id": string, "object": ["const": "model"], "created": ["type": "integer"], "owned_by": string,
            ], required: ["id", "object", "created", "owned_by"])]], required: ["object", "data"]),
            "Health": object(["status": ["const": "ok"]], required: ["status"]),
            "Readiness": object(["ready": ["type": "boolean"], "voices_loaded": ["type": "boolean"],
                                 "store_open": ["type": "boolean"], "draining": ["type": "boolean"],
                                 // Only with inference backends configured (voices.yaml `backends`).
                                 "backends": ["type": "object", "additionalProperties": object([
                                     "ready": ["type": "boolean"], "reason": string, "url": string, "model": string,
                                     "fallback": ["enum": ["fail", "local"]],
                                 ], required: ["ready", "url", "model", "fallback"])]],
                                required: ["ready", "voices_loaded", "store_open", "draining"]),
        ]
    }
}
