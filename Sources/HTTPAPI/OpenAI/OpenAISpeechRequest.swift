import AudioIO
import Foundation
import Synthesis

/// A `POST /v1/audio/speech` body read into the one request shape, as OpenAI documents its fields: `model`
/// (any value; kept for logs and metrics), `input`, `voice` (a name or `{"id": …}`), `instructions` (read by
/// the same instruction parser as `/tts/instruct`), `response_format`, `speed` and `stream_format`.
struct OpenAISpeechRequest {
    /// How the audio travels: chunked bytes, or server-sent events carrying base64 audio.
    enum StreamFormat: String, CaseIterable {
        case audio
        case sse
    }

    var model: String
    var request: SynthesisRequest
    var streamFormat: StreamFormat

    /// OpenAI's `pcm` is 24 kHz 16-bit little-endian mono whatever the voice.
    static let pcmRate = 24000

    init(fields: RequestFields, voices: OpenAIVoices) throws {
        var reader = FieldReader(fields)
        let model = reader.optionalString("model") ?? "tts-1"
        let input = reader.string("input")
        let voice = reader.identifier("voice")
        let instructions = reader.optionalString("instructions")
        let formatName = reader.optionalString("response_format") ?? "mp3"
        let speed = reader.double("speed", default: 1)
        let streamFormatName = reader.optionalString("stream_format") ?? StreamFormat.audio.rawValue
        try reader.validate()

        // OpenAI's format names are the format table's.
        guard let format = AudioFormat(rawValue: formatName.lowercased()) else {
            let allowed = AudioFormat.allCases.map(\.rawValue).joined(separator: ", ")
            throw SynthesisError.invalidInput(field: "response_format", message: "response_format must be one of \(allowed), got '\(formatName)'")
        }
        guard let streamFormat = StreamFormat(rawValue: streamFormatName.lowercased()) else {
            throw SynthesisError.invalidInput(field: "stream_format", message: "stream_format must be audio or sse, got '\(streamFormatName)'")
        }
        let speaker = voices.speakerID(for: voice)
        let instruction = instructions.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        var request = SynthesisRequest(
            mode: instruction.isEmpty ? .sft(speakerID: speaker) : .instruct(speakerID: speaker, instruction: instruction),
            text: input, speed: speed, stream: true, sampleRate: format == .pcm ? Self.pcmRate : nil, format: format)
        request.dialect = .openAI
        self.model = model
        self.request = request
        self.streamFormat = streamFormat
    }
}
