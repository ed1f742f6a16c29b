import HTTPTypes

/// One operation of the HTTP surface as the OpenAPI document describes it: what it takes, what it answers on
/// success, and which of the error table's answers (``HTTPFailure``) it can give.
struct APIOperation: Sendable {
    /// Which error shape the operation's failures take: FastAPI's `{"detail": …}`, or OpenAI's `{"error": {…}}`
    /// under `/v1/`.
    enum ErrorShape: Sendable {
        case cosyVoice, openAI
    }

    /// What the operation does beyond answering, each bringing the failures it can cause.
    struct Traits: OptionSet, Sendable {
        let rawValue: Int
        /// Reads a body: malformed (400), too slow (408), too large (413), fields missing or mistyped (422).
        static let readsBody = Traits(rawValue: 1 << 0)
        /// Takes a synthesis slot: refused when full (429 with `Retry-After`), unusable input (400), past the
        /// request timeout (503).
        static let synthesizes = Traits(rawValue: 1 << 1)
        /// Needs an API key when keys are configured (401).
        static let protected = Traits(rawValue: 1 << 2)
        /// Refused once a shutdown has begun (503).
        static let drains = Traits(rawValue: 1 << 3)

        /// What an ordinary route is: behind the key and the drain gate.
        static let guarded: Traits = [.protected, .drains]
    }

    var method: HTTPRequest.Method
    /// The path as OpenAPI writes it (`/speakers/{spk_id}`), which is also how Hummingbird prints it.
    var path: String
    var tag: String
    var summary: String
    var description: String? = nil
    var traits: Traits = .guarded
    var errorShape: ErrorShape = .cosyVoice
    var parameters: [JSONValue] = []
    var requestBody: JSONValue? = nil
    /// Successful answers by status.
    var responses: [Int: JSONValue]
    /// Error statuses beyond those the traits bring.
    var extraFailures: Set<Int> = []

    /// Every error status the operation can answer: 500 always, the rest from its traits.
    var failureStatuses: Set<Int> {
        var statuses: Set<Int> = [500]
        if traits.contains(.readsBody) { statuses.formUnion([400, 408, 413, errorShape == .openAI ? 400 : 422]) }
        if traits.contains(.synthesizes) { statuses.formUnion([400, 429, 503]) }
        if traits.contains(.protected) { statuses.insert(401) }
        if traits.contains(.drains) { statuses.insert(503) }
        return statuses.union(extraFailures)
    }

    /// The OpenAPI Operation Object.
    var json: JSONValue {
        var answers: [String: JSONValue] = [:]
        for (status, response) in responses { answers[String(status)] = response }
        for status in failureStatuses where responses[status] == nil {
            answers[String(status)] = .object(["$ref": .string("#/components/responses/\(Self.errorResponseName(status, errorShape))")])
        }
        var operation: [String: JSONValue] = [
            "operationId": .string(operationID),
            "summary": .string(summary),
            "tags": [.string(tag)],
            "responses": .object(answers),
        ]
        if let description { operation["description"] = .string(description) }
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if let requestBody { operation["requestBody"] = requestBody }
        // Keys are optional server-wide: an empty requirement means "no key" when none are configured.
        let anyKey: JSONValue = [[:], ["bearerKey": []], ["apiKeyHeader": []]]
        operation["security"] = traits.contains(.protected) ? anyKey : .array([])
        return .object(operation)
    }

    /// A stable id: the method and the path's words (`post_tts_zero_shot`).
    var operationID: String {
        let words = path.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" }).joined(separator: "_")
        return method.rawValue.lowercased() + (words.isEmpty ? "_root" : "_" + words)
    }

    /// The name of the shared response a failure refers to in `components.responses`.
    static func errorResponseName(_ status: Int, _ shape: ErrorShape) -> String {
        (shape == .openAI ? "OpenAIError" : "Error") + String(status)
    }

    /// Every error status the document has a shared response for.
    static let documentedFailureStatuses = [400, 401, 404, 408, 413, 422, 429, 500, 503]
}
