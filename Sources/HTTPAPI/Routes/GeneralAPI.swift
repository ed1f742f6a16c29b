import AudioIO
import Hummingbird
import Synthesis

/// The "general" JSON API (api.md §1). Each handler decodes, calls the service and encodes; nothing else.
struct GeneralAPI {
    let service: SynthesisService
    let configuration: HTTPConfiguration

    func register(on router: Router<CosyVoiceRequestContext>) {
        router.get("/") { _, _ in
            Response.json(["message": configuration.welcomeMessage, "version": configuration.version])
        }
        router.get("/available_spks") { _, _ in
            Response.json(["speakers": try await service.availableSpeakers()])
        }
        synthesis("/tts", .sft, AudioResponseShape.init(requestedIn:), on: router)
        synthesis("/tts/pcm", .sft, { _ in .l16 }, on: router)
        synthesis("/tts/zero_shot", .zeroShot, AudioResponseShape.init(requestedIn:), on: router)
        synthesis("/tts/cross_lingual", .crossLingual, AudioResponseShape.init(requestedIn:), on: router)
        synthesis("/tts/instruct", .instruct, AudioResponseShape.init(requestedIn:), on: router)
        router.post("/clone") { request, context in
            // Admission first: a full server refuses before reading the body.
            let permit = try service.admit()
            var reader = FieldReader(try await context.bodyDeadline.fields(of: request, context: context))
            let promptText = reader.string("prompt_text")
            let speakerID = reader.string("spk_id")
            let audio = reader.file("prompt_audio")
            try reader.validate()
            let speaker = try await service.clone(speakerID: speakerID, promptText: promptText, promptAudio: audio.data, admitted: permit)
            return Response.json(CloneResult(
                status: "success",
                message: "speaker '\(speaker.id)' cloned from \(String(format: "%.1f", speaker.promptAudio.duration)) s of prompt audio",
                spk_id: speaker.id))
        }
        router.post("/upload_audio") { request, context in
            var reader = FieldReader(try await context.bodyDeadline.fields(of: request, context: context))
            let file = reader.file("file")
            try reader.validate()
            return Response.json(["filename": file.filename ?? "", "audio_base64": Base64Audio.encode(file.data)])
        }
    }

    /// - Parameter shape: how the route answers, read from the request's fields.
    private func synthesis(_ path: RouterPath, _ model: SynthesisRequest.GeneralModel,
                           _ shape: @escaping @Sendable (RequestFields) throws -> AudioResponseShape,
                           on router: Router<CosyVoiceRequestContext>) {
        router.post(path) { request, context in
            // Admission first: a full server refuses before reading the body.
            context.record.note(mode: model.modeName)
            let permit = try service.admit()
            let fields = try await context.bodyDeadline.fields(of: request, context: context)
            let synthesisRequest = try SynthesisRequest(model, fields: fields)
            return try await service.audioResponse(synthesisRequest, admitted: permit, shape: try shape(fields), context: context)
        }
    }

    private struct CloneResult: Encodable {
        var status: String
        var message: String
        var spk_id: String
    }
}
