import Foundation

/// Base64 transport of audio bytes in JSON bodies (`prompt_audio_base64`, `/upload_audio`).
public enum Base64Audio {
    /// Decodes standard base64 (RFC 4648 §4).
    ///
    /// Clients paste these by hand or from browsers, so line breaks and other whitespace are ignored, missing
    /// `=` padding is restored, and a `data:<type>;base64,` URI prefix is stripped. One pass over the UTF-8
    /// bytes straight into the output, which is at most ¾ of the input's size.
    /// - Throws: ``AudioError/empty`` when nothing is left, ``AudioError/invalidBase64`` otherwise.
    public static func decode(_ string: String) throws(AudioError) -> Data {
        var text = string
        return try text.withUTF8 { utf8 in Result { () throws(AudioError) in try decode(utf8: utf8) } }.get()
    }

    /// Standard base64 with padding and no line breaks.
    public static func encode(_ data: Data) -> String {
        data.base64EncodedString()
    }

    private static func decode(utf8: UnsafeBufferPointer<UInt8>) throws(AudioError) -> Data {
        let start = try payloadStart(utf8)
        var output = Data(count: (utf8.count - start) / 4 * 3 + 3)
        var written = 0
        var group: UInt32 = 0  // the sextets of the current 4-character group, oldest in the high bits
        var sextets = 0  // in `group`, 0...3
        var padding = 0
        try output.withUnsafeMutableBytes { (out: UnsafeMutableRawBufferPointer) in Result { () throws(AudioError) in
            var index = start
            while index < utf8.count {
                let byte = utf8[index]
                index += 1
                let value = decodeTable[Int(byte)]
                if value < 64 {
                    guard padding == 0 else { throw .invalidBase64 }  // data after `=`
                    group = group << 6 | UInt32(value)
                    sextets += 1
                    if sextets == 4 {
                        out[written] = UInt8(truncatingIfNeeded: group >> 16)
                        out[written + 1] = UInt8(truncatingIfNeeded: group >> 8)
                        out[written + 2] = UInt8(truncatingIfNeeded: group)
                        written += 3
                        group = 0
                        sextets = 0
                    }
                } else if value == Self.pad {
                    padding += 1
                } else if value == Self.space {
                    continue
                } else if byte >= 0x80 {
                    // Non-ASCII: only Unicode whitespace (no-break space, ideographic space, …) is skipped.
                    let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                    let scalar = String(decoding: UnsafeBufferPointer(rebasing: utf8[(index - 1)..<(index - 1 + length)]), as: UTF8.self).unicodeScalars.first
                    guard let scalar, scalar.properties.isWhitespace else { throw .invalidBase64 }
                    index += length - 1
                } else {
                    throw .invalidBase64
                }
            }
            // A final group of 2 or 3 sextets carries 1 or 2 bytes; its `=` padding may be missing but must not
            // overrun the group. One sextet alone, or padding after a whole group, is not base64.
            switch sextets {
            case 0: guard padding == 0 else { throw .invalidBase64 }
            case 2, 3:
                guard sextets + padding <= 4 else { throw .invalidBase64 }
                let bytes = sextets - 1
                let aligned = group << (6 * UInt32(4 - sextets))
                out[written] = UInt8(truncatingIfNeeded: aligned >> 16)
                if bytes == 2 { out[written + 1] = UInt8(truncatingIfNeeded: aligned >> 8) }
                written += bytes
            default: throw .invalidBase64
            }
        } }.get()
        guard written > 0 else { throw .empty }
        output.count = written
        return output
    }

    /// Where the base64 starts: after a `data:…;base64,` prefix if there is one (any other `data:` URI with a
    /// comma is refused), else at 0.
    private static func payloadStart(_ utf8: UnsafeBufferPointer<UInt8>) throws(AudioError) -> Int {
        let scheme = Array("data:".utf8)
        guard utf8.count >= scheme.count,
              zip(utf8.prefix(scheme.count), scheme).allSatisfy({ lowercased($0) == $1 }),
              let comma = utf8.firstIndex(of: UInt8(ascii: ",")) else { return 0 }
        let suffix = Array(";base64".utf8)
        guard comma >= suffix.count,
              zip(utf8[(comma - suffix.count)..<comma], suffix).allSatisfy({ lowercased($0) == $1 }) else {
            throw .invalidBase64
        }
        return comma + 1
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }

    private static let pad: UInt8 = 64
    private static let space: UInt8 = 65
    private static let invalid: UInt8 = 66

    /// Sextet value of each byte, or ``pad``, ``space`` (ASCII whitespace) or ``invalid``.
    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(value)
        }
        table[Int(UInt8(ascii: "="))] = pad
        for byte in [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20] { table[byte] = space }
        return table
    }()
}
