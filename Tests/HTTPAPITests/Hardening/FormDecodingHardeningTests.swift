import CosyVoiceTesting
import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import HTTPAPI
import NIOHTTP1
import Testing

/// Hostile bodies and query strings: each ends in a 400 or 422 that names what is wrong, never a 500 or a
/// stall, and the server serves the next request.
@Suite("Body and query parsing: bounded, strict, and the server keeps serving")
struct FormDecodingHardeningTests {
    /// A `multipart/form-data` body with `boundary`, one text part per field (in order, so names may repeat).
    static func multipart(boundary: String, _ parts: [(name: String, value: String)], headers: [String] = []) -> Body {
        var data = Data()
        for part in parts {
            let extra = headers.map { $0 + "\r\n" }.joined()
            data.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\"\r\n\(extra)\r\n\(part.value)\r\n".utf8))
        }
        data.append(Data("--\(boundary)--\r\n".utf8))
        return Body(contentType: "multipart/form-data; boundary=\(boundary)", data: data)
    }

    static func form(_ text: String) -> Body {
        Body(contentType: "application/x-www-form-urlencoded", data: Data(text.utf8))
    }

    /// `中文女`, percent-encoded.
    static let speaker = "%E4%B8%AD%E6%96%87%E5%A5%B3"

    /// A normal request after the hostile ones: 200 with audio.
    static func expectStillServes(_ server: TestServer) async throws {
        let reply = try await server.send(.POST, "/inference_sft", .form(["tts_text": "你好。", "spk_id": "中文女"]))
        #expect(reply.status == 200)
        #expect(reply.pcmSeconds > 0)
    }

    /// The 422 item's `loc` and `type`.
    static func item(_ reply: Reply) -> (loc: [String], type: String)? {
        guard let item = reply.firstValidationItem else { return nil }
        return (item["loc"] as? [String] ?? [], item["type"] as? String ?? "")
    }

    static func sendRaw(_ server: TestServer, _ target: String, headers: [String] = [], body: Data = Data()) async throws -> Reply {
        try await RawExchange.send(port: server.port, target, headers: headers, body: body)
    }

    // MARK: Multipart bounds

    @Test("a boundary of 71 characters or of 80 kB is a 400 naming the boundary; 70 characters work")
    func boundaryLengthFollowsRFC2046() async throws {
        try await TestServer.run { server in
            for length in [71, 80_000] {
                let boundary = String(repeating: "-", count: length)
                let body = Self.multipart(boundary: boundary, [("tts_text", "你好。"), ("spk_id", "中文女")])
                let reply = try await Self.sendRaw(server, "/inference_sft", headers: ["Content-Type: \(body.contentType)"], body: body.data)
                #expect(reply.status == 400, "boundary of \(length)")
                #expect(reply.detail == "the multipart boundary is \(length) bytes long; RFC 2046 allows 1 to 70 characters")
                #expect(reply.header("X-Sample-Rate") == nil)
            }
            let boundary = String(repeating: "-", count: 70)
            let reply = try await server.send(.POST, "/inference_sft", Self.multipart(boundary: boundary, [("tts_text", "你好。"), ("spk_id", "中文女")]))
            #expect(reply.status == 200)
            #expect(reply.pcmSeconds > 0)
        }
    }

    @Test("a boundary with characters outside RFC 2046's set, or ending in a space, is a 400 naming the boundary")
    func boundaryCharactersFollowRFC2046() async throws {
        try await TestServer.run { server in
            for contentType in ["multipart/form-data; boundary=abc@def", "multipart/form-data; boundary=\"abc \"",
                                "multipart/form-data; boundary=\"\"", "multipart/form-data"] {
                let body = Body(contentType: contentType, data: Data("--abc\r\n\r\nx\r\n--abc--\r\n".utf8))
                let reply = try await server.send(.POST, "/inference_sft", body)
                #expect(reply.status == 400, "\(contentType)")
                #expect(reply.detail?.contains("boundary") == true, "\(contentType): \(reply.detail ?? "nil")")
            }
            try await Self.expectStillServes(server)
        }
    }

    @Test("1001 tiny parts, or one part name repeated 100 000 times, is a 400; 1000 parts are read")
    func partCountIsBounded() async throws {
        try await TestServer.run { server in
            let filler = (0..<1000).map { (name: "f\($0)", value: "") }
            let tooMany = try await server.send(.POST, "/inference_sft", Self.multipart(boundary: "b", [("tts_text", "你好。")] + filler))
            #expect(tooMany.status == 400)
            #expect(tooMany.detail == "the multipart body has more than 1000 parts")

            let repeated = Array(repeating: (name: "tts_text", value: "x"), count: 100_000)
            let sameName = try await server.send(.POST, "/inference_sft", Self.multipart(boundary: "b", repeated))
            #expect(sameName.status == 400)
            #expect(sameName.detail == "the multipart body has more than 1000 parts")

            let atTheBound = try await server.send(.POST, "/inference_sft",
                                                   Self.multipart(boundary: "b", [("tts_text", "你好。"), ("spk_id", "中文女")] + filler.dropLast(2)))
            #expect(atTheBound.status == 200)
            #expect(atTheBound.pcmSeconds > 0)
        }
    }

    @Test("a part with 17 headers, or with 20 kB of headers, is a 400 naming the bound")
    func partHeadersAreBounded() async throws {
        try await TestServer.run { server in
            let many = (0..<16).map { "X-Header-\($0): v" }
            let tooMany = try await server.send(.POST, "/inference_sft", Self.multipart(boundary: "b", [("tts_text", "你好。")], headers: many))
            #expect(tooMany.status == 400)
            #expect(tooMany.detail == "a part of the multipart body has more than 16 headers")

            let long = ["X-Long: " + String(repeating: "v", count: 20_000)]
            let tooLong = try await server.send(.POST, "/inference_sft", Self.multipart(boundary: "b", [("tts_text", "你好。")], headers: long))
            #expect(tooLong.status == 400)
            #expect(tooLong.detail == "a part of the multipart body has more than 16384 bytes of headers")
            try await Self.expectStillServes(server)
        }
    }

    @Test("a quoted filename keeps its ';' and escaped quotes")
    func quotedFilenameIsReadWhole() async throws {
        try await TestServer.run { server in
            let data = Data("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a;b \\\"c\\\".wav\"\r\n\r\nRIFF\r\n--b--\r\n".utf8)
            let reply = try await server.send(.POST, "/upload_audio", Body(contentType: "multipart/form-data; boundary=b", data: data))
            #expect(reply.status == 200)
            #expect(reply.json["filename"] as? String == "a;b \"c\".wav")
        }
    }

    @Test("a multipart text field that is not UTF-8 is a 422 string_unicode naming it")
    func multipartTextMustBeUTF8() async throws {
        try await TestServer.run { server in
            var data = Data("--b\r\nContent-Disposition: form-data; name=\"tts_text\"\r\n\r\n".utf8)
            data.append(contentsOf: [0xE4, 0xBD, 0xFF])
            data.append(Data("\r\n--b\r\nContent-Disposition: form-data; name=\"spk_id\"\r\n\r\n中文女\r\n--b--\r\n".utf8))
            let reply = try await server.send(.POST, "/inference_sft", Body(contentType: "multipart/form-data; boundary=b", data: data))
            #expect(reply.status == 422)
            #expect(Self.item(reply)?.loc == ["body", "tts_text"])
            #expect(Self.item(reply)?.type == "string_unicode")
            try await Self.expectStillServes(server)
        }
    }

    // MARK: URL-encoded bodies and queries

    struct Malformed: Sendable, CustomTestStringConvertible {
        var name: String
        var path: String
        var body: Body?
        /// The 422 item's `loc` and `type`.
        var loc: [String]
        var type: String
        var testDescription: String { name }
    }

    static let malformed: [Malformed] = [
        Malformed(name: "%FF in a body value", path: "/inference_sft", body: form("tts_text=%FF&spk_id=\(speaker)"),
                  loc: ["body", "tts_text"], type: "string_unicode"),
        Malformed(name: "truncated UTF-8 in a body value", path: "/inference_sft", body: form("tts_text=%E4%BD&spk_id=\(speaker)"),
                  loc: ["body", "tts_text"], type: "string_unicode"),
        Malformed(name: "%zz in a body value", path: "/inference_sft", body: form("tts_text=%zz&spk_id=\(speaker)"),
                  loc: ["body", "tts_text"], type: "value_error"),
        Malformed(name: "a lone % at the end", path: "/inference_sft", body: form("spk_id=\(speaker)&tts_text=abc%"),
                  loc: ["body", "tts_text"], type: "value_error"),
        Malformed(name: "%FF in a body name", path: "/inference_sft", body: form("%FF=1&tts_text=hi&spk_id=\(speaker)"),
                  loc: ["body"], type: "string_unicode"),
        Malformed(name: "an empty name", path: "/inference_sft", body: form("=x&tts_text=hi&spk_id=\(speaker)"),
                  loc: ["body"], type: "value_error"),
        Malformed(name: "a[ is a name of its own", path: "/inference_sft", body: form("tts_text[=hi&spk_id=\(speaker)"),
                  loc: ["body", "tts_text"], type: "missing"),
        Malformed(name: "a[b] is a name of its own", path: "/inference_sft", body: form("tts_text[b]=hi&spk_id=\(speaker)"),
                  loc: ["body", "tts_text"], type: "missing"),
        Malformed(name: "%FF in a query value", path: "/inference_sft?tts_text=%FF&spk_id=\(speaker)", body: nil,
                  loc: ["query", "tts_text"], type: "string_unicode"),
        Malformed(name: "%zz in a query value", path: "/inference_sft?tts_text=%zz&spk_id=\(speaker)", body: nil,
                  loc: ["query", "tts_text"], type: "value_error"),
        Malformed(name: "an empty name in a query", path: "/inference_sft?=x&tts_text=hi&spk_id=\(speaker)", body: nil,
                  loc: ["query"], type: "value_error"),
        Malformed(name: "a bad query beside a good JSON body", path: "/tts/pcm?speed=%zz", body: .json(["tts_text": "你好", "spk_id": "中文女"]),
                  loc: ["query", "speed"], type: "value_error"),
    ]

    @Test("malformed URL-encoded bodies and queries are a 422 naming the field, or the body or query", arguments: malformed)
    func malformedURLEncodingIs422(_ malformed: Malformed) async throws {
        try await TestServer.run { server in
            let reply = try await Self.sendRaw(server, malformed.path, headers: malformed.body.map { ["Content-Type: \($0.contentType)"] } ?? [],
                                         body: malformed.body?.data ?? Data())
            #expect(reply.status == 422)
            #expect(reply.isErrorDocument)
            #expect(Self.item(reply)?.loc == malformed.loc)
            #expect(Self.item(reply)?.type == malformed.type)
            try await Self.expectStillServes(server)
        }
    }

    @Test("raw bytes that are not UTF-8 in a URL-encoded body are a 422 naming the field")
    func rawNonUTF8InFormIs422() async throws {
        try await TestServer.run { server in
            var data = Data("spk_id=\(Self.speaker)&tts_text=".utf8)
            data.append(contentsOf: [0xC3, 0x28])
            let reply = try await server.send(.POST, "/inference_sft", Body(contentType: "application/x-www-form-urlencoded", data: data))
            #expect(reply.status == 422)
            #expect(Self.item(reply)?.loc == ["body", "tts_text"])
            #expect(Self.item(reply)?.type == "string_unicode")
        }
    }

    @Test("a name without '=' has an empty value, as in Starlette: an empty tts_text is a 400 naming it")
    func nameWithoutValueIsEmpty() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.POST, "/inference_sft", Self.form("tts_text&spk_id=\(Self.speaker)"))
            #expect(reply.status == 400)
            #expect(reply.detail?.contains("tts_text") == true, "\(reply.detail ?? "nil")")
        }
    }

    @Test("a field given twice keeps its last value, in a form body, a query string and a multipart body")
    func duplicateKeysKeepTheLastValue() async throws {
        try await TestServer.run { server in
            let lastIsKnown = try await server.send(.POST, "/inference_sft", Self.form("tts_text=%E4%BD%A0%E5%A5%BD&spk_id=nobody&spk_id=\(Self.speaker)"))
            #expect(lastIsKnown.status == 200)
            let lastIsUnknown = try await server.send(.POST, "/inference_sft", Self.form("tts_text=%E4%BD%A0%E5%A5%BD&spk_id=\(Self.speaker)&spk_id=nobody"))
            #expect(lastIsUnknown.status == 400)
            #expect(lastIsUnknown.detail?.contains("nobody") == true, "\(lastIsUnknown.detail ?? "nil")")

            let query = try await server.send(.GET, "/inference_sft?tts_text=%E4%BD%A0%E5%A5%BD&spk_id=\(Self.speaker)&spk_id=nobody")
            #expect(query.status == 400)
            #expect(query.detail?.contains("nobody") == true, "\(query.detail ?? "nil")")

            let parts = Self.multipart(boundary: "b", [("tts_text", "你好。"), ("spk_id", "中文女"), ("spk_id", "nobody")])
            let multipart = try await server.send(.POST, "/inference_sft", parts)
            #expect(multipart.status == 400)
            #expect(multipart.detail?.contains("nobody") == true, "\(multipart.detail ?? "nil")")
        }
    }

    // MARK: JSON

    @Test("100 000 levels of JSON nesting, at the top or in a field, are a 422 json_invalid")
    func deepJSONNestingIs422() async throws {
        try await TestServer.run { server in
            let deep = String(repeating: "[", count: 100_000)
            for text in [deep, #"{"spk_id": "中文女", "tts_text": "# + deep + String(repeating: "]", count: 100_000) + "}"] {
                let reply = try await server.send(.POST, "/tts/pcm", .raw(text))
                #expect(reply.status == 422)
                #expect(Self.item(reply)?.type == "json_invalid")
            }
            try await Self.expectStillServes(server)
        }
    }

    @Test("a JSON object naming a field twice is a 422 json_invalid naming the field")
    func duplicateJSONKeysAre422() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.POST, "/tts/pcm", .raw(#"{"tts_text": "你好", "spk_id": "nobody", "spk_id": "中文女"}"#))
            #expect(reply.status == 422)
            #expect(Self.item(reply)?.loc == ["body", "spk_id"])
            #expect(Self.item(reply)?.type == "json_invalid")
            let nested = try await server.send(.POST, "/tts/pcm", .raw(#"{"tts_text": "你好", "spk_id": "中文女", "x": {"a": 1, "a": 2}}"#))
            #expect(nested.status == 200)
        }
    }

    @Test("a JSON text field that is not UTF-8, or holds a lone surrogate, is a 422 string_unicode naming it")
    func jsonTextMustBeUTF8() async throws {
        try await TestServer.run { server in
            var invalid = Data(#"{"spk_id": "中文女", "tts_text": "你"#.utf8)
            invalid.append(contentsOf: [0xFF, 0xFE])
            invalid.append(Data(#""}"#.utf8))
            let surrogate = Data(#"{"spk_id": "中文女", "tts_text": "\ud800"}"#.utf8)
            for body in [invalid, surrogate] {
                let reply = try await server.send(.POST, "/tts/pcm", Body(contentType: "application/json", data: body))
                #expect(reply.status == 422)
                #expect(Self.item(reply)?.loc == ["body", "tts_text"])
                #expect(Self.item(reply)?.type == "string_unicode")
            }
            try await Self.expectStillServes(server)
        }
    }

    // MARK: Linearity

    /// Counts the comparisons a search makes.
    final class Comparisons {
        var count = 0
    }

    struct CountedByte: Equatable {
        var value: UInt8
        var comparisons: Comparisons
        static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.comparisons.count += 1
            return lhs.value == rhs.value
        }
    }

    @Test("the delimiter search makes at most two comparisons per body byte, even for a boundary of hyphens over near-misses")
    func delimiterSearchIsLinear() {
        let comparisons = Comparisons()
        func bytes(_ text: String) -> [CountedByte] { text.utf8.map { CountedByte(value: $0, comparisons: comparisons) } }
        let delimiter = bytes(String(repeating: "-", count: 8194))
        let nearMisses = String(repeating: String(repeating: "-", count: 8193) + "a", count: 25)
        let body = bytes(nearMisses + "\r\n" + String(repeating: "-", count: 8194) + "--")
        let search = DelimiterSearch(delimiter)
        comparisons.count = 0
        let found = search.firstRange(in: body, from: 0)
        #expect(found == (nearMisses.utf8.count + 2)..<(nearMisses.utf8.count + 2 + 8194))
        #expect(comparisons.count <= 2 * body.count, "\(comparisons.count) comparisons over \(body.count) bytes")
    }
}
