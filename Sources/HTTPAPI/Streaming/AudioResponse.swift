import AudioIO
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synthesis

/// How a route sends audio: the encoding, the media type on the wire and the headers that go with it.
struct AudioResponseShape: Sendable {
    var format: AudioFormat
    var mediaType: String
    var headers: HTTPFields = [:]

    /// `/tts`, `/tts/zero_shot`, `/tts/cross_lingual`, `/tts/instruct`: one continuous MP3 stream.
    static let mp3 = AudioResponseShape(format: .mp3, mediaType: "audio/mpeg",
                                        headers: [.contentDisposition: "attachment; filename=tts.mp3"])
    /// `/tts/pcm`: raw PCM described by headers.
    static let l16 = AudioResponseShape(format: .pcm, mediaType: "audio/L16",
                                        headers: [.contentDisposition: "attachment; filename=tts.pcm",
                                                  .channels: "1", .bitDepth: "16"])
    /// The basic form API: raw PCM as the reference sends it.
    static let octetStream = AudioResponseShape(format: .pcm, mediaType: "application/octet-stream")

    /// Rate in Hz the encoder will write for a stream at `rate` (MP3 rounds up to a rate it can carry).
    func outputRate(for rate: Int) -> Int {
        format == .mp3 ? MP3Encoder.supportedRate(atLeast: rate) : rate
    }
}

extension HTTPField.Name {
    static let sampleRate = Self("X-Sample-Rate")!
    static let channels = Self("X-Channels")!
    static let bitDepth = Self("X-Bit-Depth")!
    static let instructControls = Self("X-Instruct-Controls")!
}

extension SynthesisService {
    /// Validates and starts `request` (so every refusal gets its status before any byte), then answers with
    /// a chunked body that encodes the audio chunk by chunk as the engine yields it.
    func audioResponse(_ request: SynthesisRequest, shape: AudioResponseShape, context: CosyVoiceRequestContext) async throws -> Response {
        context.record.note(request)
        let deadline = RequestDeadline(seconds: limits.requestTimeout, from: context.record.start)
        let stream = try await deadline.run { try await self.prepare(request) }
        context.record.noteStreaming()
        var headers = shape.headers
        headers[.contentType] = shape.mediaType
        headers[.sampleRate] = String(shape.outputRate(for: stream.sampleRate))
        if let instruction = stream.instruction {
            headers[.instructControls] = Self.asciiJSON(instruction.jsonString())
        }
        let channel = context.channel
        let record = context.record
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await AudioBodyWriter(stream: stream, format: shape.format, channel: channel, record: record, deadline: deadline)
                .write(to: &writer)
        })
    }

    /// JSON with every non-ASCII scalar as a `\u` escape, so the header stays plain ASCII.
    static func asciiJSON(_ json: String) -> String {
        var out = ""
        for scalar in json.unicodeScalars {
            if scalar.isASCII {
                out.unicodeScalars.append(scalar)
            } else {
                for unit in String(scalar).utf16 { out += String(format: "\\u%04x", unit) }
            }
        }
        return out
    }
}

/// Writes one response body from a synthesis stream.
///
/// Synthesis and encoding run in a producer task that stays at most one encoded buffer ahead of the socket
/// (a slow client slows the engine). The producer is cancelled — which stops the engine and frees its
/// scheduler slot — when the body ends early for any reason, including the connection closing while the
/// engine is busy. A failure after the head was sent is rethrown, so Hummingbird closes the connection
/// without the terminating zero-length chunk and the client sees a broken body, not a short file. So does
/// reaching the request's deadline, which stops the producer.
struct AudioBodyWriter: Sendable {
    let stream: SynthesisStream
    let format: AudioFormat
    let channel: any Channel
    let record: RequestRecord
    let deadline: RequestDeadline

    func write(to writer: inout any ResponseBodyWriter) async throws {
        let (buffers, output) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        let (credits, credit) = AsyncStream<Void>.makeStream()
        let producer = Task { [stream, format, record, deadline] in
            do {
                try await deadline.run {
                    let encoder = format.makeEncoder(sampleRate: stream.sampleRate)
                    var creditIterator = credits.makeAsyncIterator()
                    for try await chunk in stream {
                        record.noteAudio(seconds: chunk.duration)
                        let bytes = encoder.encode(chunk)
                        guard !bytes.isEmpty else { continue }
                        output.yield(ByteBuffer(bytes: bytes))
                        guard await creditIterator.next() != nil else { throw CancellationError() }
                    }
                    try Task.checkCancellation()
                    let tail = encoder.finish()
                    if !tail.isEmpty { output.yield(ByteBuffer(bytes: tail)) }
                }
                output.finish()
            } catch {
                output.finish(throwing: error)
            }
        }
        channel.closeFuture.whenComplete { _ in producer.cancel() }
        do {
            try await withTaskCancellationHandler {
                for try await buffer in buffers {
                    try await writer.write(buffer)
                    record.noteFirstByte()
                    credit.yield()
                }
            } onCancel: {
                producer.cancel()
            }
            credit.finish()
            try await writer.finish(nil)
        } catch {
            producer.cancel()
            credit.finish()
            _ = await producer.result
            throw error
        }
    }
}
