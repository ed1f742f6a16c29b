import Foundation

/// Reads and appends the `metadata_props` of an ONNX model without an ONNX library.
///
/// An ONNX file is one protobuf `ModelProto`; its `metadata_props` are field 14, each a
/// `StringStringEntryProto { key = 1; value = 2 }`. Protobuf merges repeated fields across the message, so
/// appending length-delimited entries to the end of the file adds metadata without touching the graph.
enum ONNXMetadata {
    /// The `metadata_props` of the model at `url`, in file order (a later duplicate key wins).
    ///
    /// Only the top-level fields are walked; the graph is skipped by its length, so this touches a few pages
    /// of the memory-mapped file, not the whole model.
    static func read(from url: URL) throws -> [String: String] {
        let data = try Data(contentsOf: url, options: .alwaysMapped)
        return try data.withUnsafeBytes { bytes in
            var reader = ProtobufReader(bytes: bytes)
            var metadata: [String: String] = [:]
            var sawGraph = false
            while !reader.isAtEnd {
                let (field, wireType) = try reader.tag()
                if field == metadataField, wireType == 2 {
                    let entry = try reader.lengthDelimited()
                    let (key, value) = try entryStrings(entry)
                    metadata[key] = value
                } else {
                    if field == graphField { sawGraph = true }
                    try reader.skip(wireType: wireType)
                }
            }
            guard sawGraph else { throw ONNXMetadataError.notAModel("no graph in \(url.lastPathComponent)") }
            return metadata
        }
    }

    /// The bytes to append to a model file so that it gains `entries` as metadata.
    static func encodedEntries(_ entries: [(key: String, value: String)]) -> [UInt8] {
        var out: [UInt8] = []
        for (key, value) in entries {
            var entry: [UInt8] = []
            appendString(key, field: 1, to: &entry)
            appendString(value, field: 2, to: &entry)
            appendVarint(UInt64(metadataField << 3 | 2), to: &out)
            appendVarint(UInt64(entry.count), to: &out)
            out += entry
        }
        return out
    }

    private static let graphField = 7
    private static let metadataField = 14

    private static func entryStrings(_ entry: UnsafeRawBufferPointer) throws -> (String, String) {
        var reader = ProtobufReader(bytes: entry)
        var key = "", value = ""
        while !reader.isAtEnd {
            let (field, wireType) = try reader.tag()
            if wireType == 2, field == 1 || field == 2 {
                let string = String(decoding: try reader.lengthDelimited(), as: UTF8.self)
                if field == 1 { key = string } else { value = string }
            } else {
                try reader.skip(wireType: wireType)
            }
        }
        return (key, value)
    }

    private static func appendString(_ string: String, field: Int, to out: inout [UInt8]) {
        let utf8 = Array(string.utf8)
        appendVarint(UInt64(field << 3 | 2), to: &out)
        appendVarint(UInt64(utf8.count), to: &out)
        out += utf8
    }

    private static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }
}

enum ONNXMetadataError: Error, CustomStringConvertible {
    case notAModel(String)

    var description: String {
        switch self {
        case .notAModel(let reason): "not an ONNX model: \(reason)"
        }
    }
}

/// A cursor over protobuf wire-format bytes (just enough to walk top-level fields).
private struct ProtobufReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var isAtEnd: Bool { offset >= bytes.count }

    mutating func tag() throws -> (field: Int, wireType: Int) {
        let key = try varint()
        guard key >> 3 > 0 else { throw ONNXMetadataError.notAModel("field number 0 at byte \(offset)") }
        return (Int(key >> 3), Int(key & 7))
    }

    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count, shift < 64 else { throw ONNXMetadataError.notAModel("truncated varint") }
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    mutating func lengthDelimited() throws -> UnsafeRawBufferPointer {
        let length = try varint()
        guard length <= UInt64(bytes.count - offset) else { throw ONNXMetadataError.notAModel("field runs past the end") }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[offset ..< offset + Int(length)])
        offset += Int(length)
        return slice
    }

    mutating func skip(wireType: Int) throws {
        switch wireType {
        case 0: _ = try varint()
        case 1: try advance(8)
        case 2: _ = try lengthDelimited()
        case 5: try advance(4)
        default: throw ONNXMetadataError.notAModel("unsupported wire type \(wireType)")
        }
    }

    private mutating func advance(_ count: Int) throws {
        guard count <= bytes.count - offset else { throw ONNXMetadataError.notAModel("field runs past the end") }
        offset += count
    }
}
