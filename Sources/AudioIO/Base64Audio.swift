import Foundation

/// Base64 transport of audio bytes in JSON bodies (`prompt_audio_base64`, `/upload_audio`).
public enum Base64Audio {
    /// Decodes standard base64 (RFC 4648 §4).
    ///
    /// Clients paste these by hand or from browsers, so line breaks and other whitespace are ignored, missing
    /// `=` padding is restored, and a `data:<type>;base64,` URI prefix is stripped.
    /// - Throws: ``AudioError/empty`` when nothing is left, ``AudioError/invalidBase64`` otherwise.
    public static func decode(_ string: String) throws(AudioError) -> Data {
        var text = Substring(string)
        if let comma = text.firstIndex(of: ","), text.prefix(5).lowercased() == "data:" {
            let header = text[..<comma].lowercased()
            guard header.hasSuffix(";base64") else { throw .invalidBase64 }
            text = text[text.index(after: comma)...]
        }
        var compact = String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
        guard !compact.isEmpty else { throw .empty }
        switch compact.utf8.count % 4 {
        case 0: break
        case 1: throw .invalidBase64
        case let remainder: compact += String(repeating: "=", count: 4 - remainder)
        }
        guard let data = Data(base64Encoded: compact) else { throw .invalidBase64 }
        guard !data.isEmpty else { throw .empty }
        return data
    }

    /// Standard base64 with padding and no line breaks.
    public static func encode(_ data: Data) -> String {
        data.base64EncodedString()
    }
}
