import Foundation
import Hummingbird
import Synthesis

/// `GET /speakers` (every speaker a client can name, with what is known of it) and
/// `DELETE /speakers/{spk_id}` (a cloned speaker, with its prompt and analysis). Decode, call the service,
/// encode.
struct SpeakersAPI {
    let service: SynthesisService

    func register(on router: Router<CosyVoiceRequestContext>) {
        router.get("/speakers") { _, _ in
            Response.json(SpeakerList(speakers: try await service.speakers().map(Entry.init)))
        }
        router.delete("/speakers/:spk_id") { _, context in
            // Path parameters arrive percent-encoded; ids are often Chinese.
            let raw = try context.parameters.require("spk_id")
            let id = raw.removingPercentEncoding ?? raw
            try await service.deleteSpeaker(id)
            return Response.json(["status": "deleted", "spk_id": SpeakerID.canonical(id)])
        }
    }

    private struct SpeakerList: Encodable {
        var speakers: [Entry]
    }

    /// One speaker; `created` is ISO 8601 (UTC) for cloned speakers and null for built-in ones.
    private struct Entry: Encodable {
        var id: String
        var kind: String
        var created: String?
        var language: String?
        var gender: String?

        init(_ summary: SpeakerSummary) {
            id = summary.id
            kind = summary.kind.rawValue
            created = summary.createdAt?.formatted(.iso8601)
            language = summary.language?.rawValue
            gender = summary.gender?.rawValue
        }

        func encode(to encoder: any Encoder) throws {
            // Nulls are written, not left out: every entry has every key.
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(kind, forKey: .kind)
            try container.encode(created, forKey: .created)
            try container.encode(language, forKey: .language)
            try container.encode(gender, forKey: .gender)
        }

        private enum CodingKeys: String, CodingKey { case id, kind, created, language, gender }
    }
}
