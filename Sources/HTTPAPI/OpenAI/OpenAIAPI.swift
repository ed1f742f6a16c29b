import AudioIO
import Engines
import Hummingbird
import Synthesis

/// OpenAI's speech API on the same service, scheduler, limits and metrics as the CosyVoice routes: the
/// handlers decode, call the service and encode. Errors under `/v1/` take OpenAI's shape (``OpenAIErrorBody``).
struct OpenAIAPI {
    let service: SynthesisService
    let configuration: HTTPConfiguration

    /// The path prefix whose errors are answered in OpenAI's shape.
    static let pathPrefix = "/v1/"

    func register(on router: Router<CosyVoiceRequestContext>) {
        router.post("/v1/audio/speech") { request, context in
            context.record.note(mode: "openai")
            // Admission first: a full server refuses before reading the body.
            let permit = try service.admit()
            let fields = try await context.bodyDeadline.fields(of: request, context: context)
            let speech = try OpenAISpeechRequest(fields: fields, voices: configuration.openAIVoices)
            let shape = AudioResponseShape(format: speech.request.format)
            let framing: AudioFraming = speech.streamFormat == .sse
                ? .serverSentEvents(inputCharacters: speech.request.text.unicodeScalars.count) : .raw
            return try await service.audioResponse(speech.request, admitted: permit, shape: shape, framing: framing, context: context)
        }
        router.get("/v1/audio/voices") { _, _ in
            Response.json(VoiceList(voices: try await voices()))
        }
        router.get("/v1/models") { _, _ in
            Response.json(ModelList(data: [Model(id: "tts-1"), Model(id: "tts-1-hd"), Model(id: "gpt-4o-mini-tts"), Model(id: "cosyvoice")]))
        }
    }

    /// Every voice a request may name: the OpenAI names, then every built-in and cloned speaker id.
    private func voices() async throws -> [VoiceEntry] {
        let catalog = service.catalog
        func entry(_ id: String, speaker: String) -> VoiceEntry {
            let voice = catalog.speaker(speaker)?.primaryVoice
            return VoiceEntry(id: id, speaker: speaker, kind: catalog.speaker(speaker) == nil ? "cloned" : "built-in",
                              language: voice?.language.rawValue, gender: voice?.gender.rawValue, engine: voice?.engine.rawValue)
        }
        let named = configuration.openAIVoices.table.sorted { $0.key < $1.key }.map { entry($0.key, speaker: $0.value) }
        return named + (try await service.availableSpeakers()).map { entry($0, speaker: $0) }
    }

    private struct VoiceList: Encodable {
        var voices: [VoiceEntry]
    }

    /// One voice: its id (what `voice` takes), the speaker behind it and what that speaker is.
    private struct VoiceEntry: Encodable {
        var id: String
        var speaker: String
        var kind: String
        /// Nil for cloned speakers: their voice is matched per request, from the prompt and the text.
        var language: String?
        var gender: String?
        var engine: String?
    }

    private struct ModelList: Encodable {
        var object = "list"
        var data: [Model]
    }

    /// Model ids clients send; any value is accepted, these are the ones listed.
    private struct Model: Encodable {
        var id: String
        var object = "model"
        var created = 0
        var owned_by = "cosyvoice-swift"
    }
}
