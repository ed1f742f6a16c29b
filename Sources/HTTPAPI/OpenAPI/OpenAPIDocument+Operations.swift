import AudioIO
import Foundation
import Synthesis

/// Every operation the HTTP surface can have, each described once.
extension OpenAPIDocument {
    var operations: [APIOperation] {
        generalAPI + formAPI + speakers + openAI + operationsRoutes + documentation
    }

    // MARK: - General JSON API (api.md §1)

    private var generalAPI: [APIOperation] {
        let tag = "General API"
        return [
            APIOperation(method: .get, path: "/", tag: tag, summary: "Welcome message and server version",
                         responses: [200: Self.jsonResponse("Welcome", ref: "Welcome")]),
            APIOperation(method: .get, path: "/available_spks", tag: tag, summary: "Every speaker id: built-in, then cloned",
                         responses: [200: Self.jsonResponse("Speaker ids", ref: "SpeakerIDs")]),
            synthesis("/tts", "Speech from a built-in or cloned speaker", required: ["tts_text", "spk_id"],
                      fields: ["tts_text", "spk_id"], formatField: true),
            synthesis("/tts/pcm", "Speech from a speaker as raw 16-bit PCM (audio/L16)", required: ["tts_text", "spk_id"],
                      fields: ["tts_text", "spk_id"], formatField: false),
            synthesis("/tts/zero_shot", "Speech in the voice of a prompt recording and its transcript",
                      required: ["tts_text", "prompt_text"],
                      fields: ["tts_text", "prompt_text", "prompt_audio_base64", "prompt_wav", "spk_id"], formatField: true,
                      description: "The prompt voice comes from a `prompt_wav` file (multipart), else `prompt_audio_base64`, else the `spk_id` of a cloned speaker."),
            synthesis("/tts/cross_lingual", "Speech in the voice of a prompt recording, in another language",
                      required: ["tts_text"],
                      fields: ["tts_text", "prompt_audio_base64", "prompt_wav", "spk_id"], formatField: true,
                      description: "The prompt voice comes from a `prompt_wav` file (multipart), else `prompt_audio_base64`, else the `spk_id` of a cloned speaker."),
            synthesis("/tts/instruct", "Speech from a speaker, styled by a natural-language instruction",
                      required: ["tts_text", "spk_id", "instruct_text"],
                      fields: ["tts_text", "spk_id", "instruct_text"], formatField: true),
            APIOperation(method: .post, path: "/clone", tag: "Speakers", summary: "Clone a speaker from a prompt recording",
                         traits: [.guarded, .readsBody, .synthesizes],
                         requestBody: Self.body(
                            schema: object(["spk_id": speakerIDField(cloned: true), "prompt_text": field("prompt_text"), "prompt_audio": field("prompt_wav")],
                                           required: ["spk_id", "prompt_text", "prompt_audio"]),
                            mediaTypes: [Self.multipart]),
                         responses: [200: Self.jsonResponse("The speaker was cloned", ref: "CloneResult")]),
            APIOperation(method: .post, path: "/upload_audio", tag: tag, summary: "An uploaded file back as base64",
                         traits: [.guarded, .readsBody],
                         requestBody: Self.body(schema: object(["file": field("prompt_wav")], required: ["file"]), mediaTypes: [Self.multipart]),
                         responses: [200: Self.jsonResponse("The file as base64", ref: "UploadedAudio")]),
        ]
    }

    private func synthesis(_ path: String, _ summary: String, required: [String], fields: [String], formatField: Bool,
                           description: String? = nil) -> APIOperation {
        var properties: [String: JSONValue] = [:]
        for name in fields + Self.optionFields { properties[name] = field(name) }
        if formatField { properties["format"] = formatSchema(default: AudioResponseShape.defaultFileFormat) }
        // JSON carries no files; multipart carries the prompt as a file.
        let jsonProperties = properties.filter { $0.key != "prompt_wav" }
        let formProperties = properties.filter { $0.key != "prompt_audio_base64" }
        let formats = formatField ? AudioFormat.allCases.map { AudioResponseShape.file($0) } : [AudioResponseShape.l16]
        return APIOperation(
            method: .post, path: path, tag: "General API", summary: summary, description: description,
            traits: [.guarded, .readsBody, .synthesizes],
            requestBody: ["required": true, "content": [
                Self.json: ["schema": object(jsonProperties, required: required)],
                Self.multipart: ["schema": object(formProperties, required: required)],
                Self.urlEncoded: ["schema": object(jsonProperties.filter { $0.key != "prompt_audio_base64" }, required: required)],
            ]],
            responses: [200: Self.audioResponse(mediaTypes: formats.map(\.mediaType))])
    }

    // MARK: - Basic form API (api.md §2)

    private var formAPI: [APIOperation] {
        SynthesisRequest.FormModel.allCases.flatMap { model -> [APIOperation] in
            let names = Self.formFields(model)
            var properties: [String: JSONValue] = [:]
            for name in names + Self.optionFields { properties[name] = field(name) }
            let body: JSONValue = ["content": [
                Self.multipart: ["schema": object(properties, required: names)],
                Self.urlEncoded: ["schema": object(properties.filter { $0.key != "prompt_wav" }, required: names)],
            ]]
            let audio = Self.audioResponse(mediaTypes: [AudioResponseShape.octetStream.mediaType])
            let path = "/\(model.rawValue)"
            let summary = "Raw 16-bit PCM, fields from the body or the query string (\(model.modeName))"
            // The reference client sends a GET with a multipart body; the query string works too.
            let query = (names + Self.optionFields).filter { $0 != "prompt_wav" }.map { name -> JSONValue in
                ["name": .string(name), "in": "query", "required": false, "schema": field(name)]
            }
            return [
                APIOperation(method: .get, path: path, tag: "Form API", summary: summary,
                             traits: [.guarded, .readsBody, .synthesizes], parameters: query,
                             requestBody: body.merging(["required": false]), responses: [200: audio]),
                APIOperation(method: .post, path: path, tag: "Form API", summary: summary,
                             traits: [.guarded, .readsBody, .synthesizes],
                             requestBody: body.merging(["required": true]), responses: [200: audio]),
            ]
        }
    }

    /// The fields a form route requires, in the reference's order.
    private static func formFields(_ model: SynthesisRequest.FormModel) -> [String] {
        switch model {
        case .sft: ["tts_text", "spk_id"]
        case .zeroShot: ["tts_text", "prompt_text", "prompt_wav"]
        case .crossLingual: ["tts_text", "prompt_wav"]
        case .instruct: ["tts_text", "spk_id", "instruct_text"]
        case .instruct2: ["tts_text", "instruct_text", "prompt_wav"]
        }
    }

    // MARK: - Speakers

    private var speakers: [APIOperation] {
        [
            APIOperation(method: .get, path: "/speakers", tag: "Speakers", summary: "Every speaker with what it is",
                         responses: [200: Self.jsonResponse("Built-in, then cloned speakers", ref: "SpeakerList")]),
            APIOperation(method: .delete, path: "/speakers/{spk_id}", tag: "Speakers", summary: "Delete a cloned speaker",
                         parameters: [["name": "spk_id", "in": "path", "required": true, "schema": speakerIDField(cloned: true)]],
                         responses: [200: Self.jsonResponse("The speaker is gone", ref: "DeletedSpeaker")],
                         extraFailures: [400, 404]),
        ]
    }

    // MARK: - OpenAI

    private var openAI: [APIOperation] {
        let speech: JSONValue = object([
            "model": ["type": "string", "description": "Any value; kept for logs.", "examples": ["tts-1", "gpt-4o-mini-tts"]],
            "input": ["type": "string", "maxLength": .integer(limits.maxTextCharacters), "description": "The text to speak."],
            "voice": ["oneOf": [
                ["type": "string", "description": "An OpenAI voice name or any speaker id.", "examples": .strings(openAIVoices + builtInSpeakers)],
                object(["id": ["type": "string"]], required: ["id"]),
            ]],
            "instructions": ["type": "string", "maxLength": .integer(limits.maxInstructTextCharacters),
                             "description": "How to speak, read as `/tts/instruct` reads `instruct_text`."],
            "response_format": formatSchema(default: .mp3),
            "speed": field("speed"),
            "stream_format": ["type": "string", "enum": .strings(OpenAISpeechRequest.StreamFormat.allCases.map(\.rawValue)), "default": "audio"],
        ], required: ["input", "voice"])
        // Before OpenAPI 3.2 an event stream's schema describes each event.
        let event: JSONValue = object([
            "event": ["type": "string"],
            "data": ["type": "string", "contentMediaType": "application/json", "contentSchema": object([
                "type": ["enum": ["speech.audio.delta", "speech.audio.done"]],
                "audio": ["type": "string", "contentEncoding": "base64"],
                "usage": ["type": "object"],
            ], required: ["type"])],
        ], required: ["data"])
        let audio = Self.audioResponse(mediaTypes: AudioFormat.allCases.map(\.mediaType))
            .merging(["content": Self.audioContent(AudioFormat.allCases.map(\.mediaType)).merging([
                AudioFraming.serverSentEventsMediaType: ["schema": event],
            ])])
        return [
            APIOperation(method: .post, path: "/v1/audio/speech", tag: "OpenAI", summary: "Speech, as OpenAI's API answers it",
                         description: "`stream_format: sse` sends server-sent events carrying base64 audio.",
                         traits: [.guarded, .readsBody, .synthesizes], errorShape: .openAI,
                         requestBody: ["required": true, "content": [Self.json: ["schema": speech]]],
                         responses: [200: audio], extraFailures: [404]),
            APIOperation(method: .get, path: "/v1/audio/voices", tag: "OpenAI", summary: "Every voice a request may name",
                         errorShape: .openAI, responses: [200: Self.jsonResponse("Voices", ref: "VoiceList")]),
            APIOperation(method: .get, path: "/v1/models", tag: "OpenAI", summary: "Model ids clients send",
                         errorShape: .openAI, responses: [200: Self.jsonResponse("Models", ref: "ModelList")]),
        ]
    }

    // MARK: - Health, readiness, metrics

    private var operationsRoutes: [APIOperation] {
        [
            APIOperation(method: .get, path: "/health", tag: "Operations", summary: "The process answers",
                         traits: [], responses: [200: Self.jsonResponse("Alive", ref: "Health")]),
            APIOperation(method: .get, path: "/ready", tag: "Operations", summary: "Voices loaded, store open, not draining",
                         traits: [], responses: [200: Self.jsonResponse("Ready", ref: "Readiness"),
                                                 503: Self.jsonResponse("Not ready; the body says why", ref: "Readiness")]),
            APIOperation(method: .get, path: HealthRoutes.metricsPath, tag: "Operations", summary: "Prometheus metrics",
                         traits: protectMetrics ? [.protected] : [],
                         responses: [200: ["description": "The Prometheus text format",
                                           "content": ["text/plain": ["schema": ["type": "string"]]]]]),
        ]
    }

    // MARK: - Documentation

    private var documentation: [APIOperation] {
        [
            APIOperation(method: .get, path: Self.path, tag: "Documentation", summary: "This document",
                         traits: [.drains], responses: [200: ["description": "OpenAPI 3.1",
                                                              "content": [Self.json: ["schema": ["type": "object"]]]]]),
            APIOperation(method: .get, path: SwaggerUI.pagePath, tag: "Documentation", summary: "An interactive page for this document",
                         description: "Served from the Swagger UI files `scripts/setup` installs; 503 when they are missing.",
                         traits: [.drains], responses: [200: Self.htmlResponse("The page")]),
            APIOperation(method: .get, path: SwaggerUI.assetPath, tag: "Documentation", summary: "A file of the interactive page",
                         traits: [.drains],
                         parameters: [["name": "asset", "in": "path", "required": true,
                                       "schema": ["type": "string", "enum": .strings(SwaggerUI.assets.map(\.name))]]],
                         responses: [200: ["description": "The file", "content": .object(Dictionary(
                            SwaggerUI.assets.map { ($0.mediaType, ["schema": ["type": "string"]] as JSONValue) }) { first, _ in first })]],
                         extraFailures: [404]),
            APIOperation(method: .get, path: WebPage.pathPrefix, tag: "Documentation", summary: "A web page to try the voices",
                         responses: [200: Self.htmlResponse("The page")]),
            APIOperation(method: .get, path: WebPage.filePath, tag: "Documentation", summary: "A file of the web page",
                         parameters: [["name": "file", "in": "path", "required": true,
                                       "schema": ["type": "string", "enum": .strings(WebPage.bundled.assets.keys.sorted())]]],
                         responses: [200: ["description": "The file", "content": .object(Dictionary(
                            WebPage.bundled.assets.values.map { ($0.contentType, ["schema": ["type": "string"]] as JSONValue) }) { first, _ in first })]],
                         extraFailures: [404]),
        ]
    }
}

// MARK: - Fields

extension OpenAPIDocument {
    /// The options every synthesis route takes.
    static let optionFields = ["speed", "seed", "stream", "sample_rate"]

    /// The schema of a request field, its limits from ``Limits``.
    func field(_ name: String) -> JSONValue {
        switch name {
        case "tts_text":
            ["type": "string", "maxLength": .integer(limits.maxTextCharacters), "description": "The text to speak."]
        case "spk_id":
            speakerIDField(cloned: false)
        case "prompt_text":
            ["type": "string", "maxLength": .integer(limits.maxPromptTextCharacters), "description": "The transcript of the prompt audio."]
        case "instruct_text":
            ["type": "string", "maxLength": .integer(limits.maxInstructTextCharacters),
             "description": "How to speak, in plain words (\"speak slowly and softly\")."]
        case "prompt_audio_base64":
            ["type": "string", "contentEncoding": "base64",
             "description": "Prompt audio as base64: WAV, FLAC, OGG or MP3, at least \(limits.prompt.minimumSampleRate) Hz, \(limits.prompt.minimumDuration.formatted())–\(limits.prompt.maximumDuration.formatted()) s."]
        case "prompt_wav":
            ["type": "string", "format": "binary", "contentMediaType": "application/octet-stream",
             "description": "Prompt audio file: WAV, FLAC, OGG or MP3, at least \(limits.prompt.minimumSampleRate) Hz, \(limits.prompt.minimumDuration.formatted())–\(limits.prompt.maximumDuration.formatted()) s."]
        case "speed":
            ["type": "number", "minimum": .number(limits.speedRange.lowerBound), "maximum": .number(limits.speedRange.upperBound), "default": 1.0]
        case "seed":
            ["type": "integer", "default": 0]
        case "stream":
            ["type": "boolean", "default": false, "description": "Send audio as it is made (chunked)."]
        case "sample_rate":
            ["type": "integer", "minimum": .integer(limits.sampleRateRange.lowerBound), "maximum": .integer(limits.sampleRateRange.upperBound),
             "description": "Output rate in Hz; the voice's own when absent."]
        default:
            ["type": "string"]
        }
    }

    func speakerIDField(cloned: Bool) -> JSONValue {
        cloned
            ? ["type": "string", "maxLength": .integer(limits.maxSpeakerIDLength), "description": "A cloned speaker's id."]
            : ["type": "string", "description": "A built-in or cloned speaker id.", "examples": .strings(builtInSpeakers)]
    }

    func formatSchema(default format: AudioFormat) -> JSONValue {
        ["type": "string", "enum": .strings(AudioFormat.allCases.map(\.rawValue)), "default": .string(format.rawValue)]
    }

    func object(_ properties: [String: JSONValue], required: [String] = []) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .strings(required) }
        return .object(schema)
    }

    static let json = "application/json"
    static let multipart = "multipart/form-data"
    static let urlEncoded = "application/x-www-form-urlencoded"

    static func body(schema: JSONValue, mediaTypes: [String]) -> JSONValue {
        ["required": true, "content": .object(Dictionary(uniqueKeysWithValues: mediaTypes.map { ($0, ["schema": schema] as JSONValue) }))]
    }

    static func jsonResponse(_ description: String, ref: String) -> JSONValue {
        ["description": .string(description), "content": [json: ["schema": ["$ref": .string("#/components/schemas/\(ref)")]]]]
    }

    static func htmlResponse(_ description: String) -> JSONValue {
        ["description": .string(description), "content": ["text/html": ["schema": ["type": "string"]]]]
    }

    /// Audio in any of `mediaTypes` (parameters dropped: `audio/ogg; codecs=opus` is listed as `audio/ogg`).
    static func audioResponse(mediaTypes: [String]) -> JSONValue {
        ["description": "Audio, streamed", "content": audioContent(mediaTypes), "headers": [
            CosyVoiceHeader.sampleRate: ["description": "Sample rate in Hz", "schema": ["type": "integer"]],
        ]]
    }

    static func audioContent(_ mediaTypes: [String]) -> JSONValue {
        var content: [String: JSONValue] = [:]
        for type in mediaTypes {
            let bare = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? type
            content[bare] = ["schema": ["type": "string", "format": "binary"]]
        }
        return .object(content)
    }
}
