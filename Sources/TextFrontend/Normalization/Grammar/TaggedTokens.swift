/// A tagger's output read as tokens: `char { value: "售" } money { currency: "¥" value: "58.5" }` is two
/// tokens, `char` with one field and `money` with two. ``serialised(in:)`` writes them back with each token's
/// fields in the verbaliser's order (``TokenFieldOrder``): the step between tagger and verbaliser of
/// WeTextProcessing's runtimes (its `token_parser.py`), read the same way.
///
/// The text may be hostile (it echoes request text), so it is read in one pass over its UTF-8 bytes: time and
/// memory are linear in its length, and text the runtime's reader would never finish or would reject gives nil.
public struct TaggedTokens: Sendable, Equatable {
    public struct Token: Sendable, Equatable {
        public var name: String
        /// Field names in the order they came; a name may repeat (its last value counts).
        public var keys: [String]
        public var values: [String: String]
    }

    public let tokens: [Token]

    /// Reads `tagged`; nil when it is empty or malformed.
    public init?(parsing tagged: String) {
        var reader = Reader(bytes: Array(tagged.utf8))
        guard let tokens = reader.tokens() else { return nil }
        self.tokens = tokens
    }

    /// The tokens as the verbaliser reads them, separated by one space: `name { key: "value" … }`, fields in
    /// `order` unless the token says `preserve_order: "true"`, quotes and backslashes in values escaped.
    public func serialised(in order: TokenFieldOrder) -> String {
        var output: [UInt8] = []
        for (index, token) in tokens.enumerated() {
            if index > 0 { output.append(UInt8(ascii: " ")) }
            output += token.name.utf8
            output += " {".utf8
            var keys = token.keys
            if let canonical = order.fields[token.name], token.values["preserve_order"] != "true" {
                keys = canonical + token.keys.filter { !canonical.contains($0) }
            }
            for key in keys {
                guard let value = token.values[key] else { continue }
                output += " \(key): \"".utf8
                for byte in value.utf8 {
                    if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\"") { output.append(UInt8(ascii: "\\")) }
                    output.append(byte)
                }
                output.append(UInt8(ascii: "\""))
            }
            output += " }".utf8
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The runtime's reader, step for step: every syntax character is ASCII, so reading UTF-8 bytes is reading
    /// characters. Each step consumes a byte or ends the loop it is in, hence one pass.
    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index >= bytes.count }
        var current: UInt8? { atEnd ? nil : bytes[index] }

        /// Skips spaces; false at the end of the text.
        mutating func skipSpaces() -> Bool {
            while current == UInt8(ascii: " ") { index += 1 }
            return !atEnd
        }

        /// Consumes `byte` when it comes next.
        mutating func skip(_ byte: Character) {
            if current == byte.asciiValue { index += 1 }
        }

        /// Letters and underscores; nil where the runtime would refuse (the end, or other whitespace).
        mutating func key() -> String? {
            guard let first = current, ![9, 10, 11, 12, 13].contains(first) else { return nil }
            let start = index
            while let byte = current, byte == UInt8(ascii: "_") || (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") {
                index += 1
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        /// Everything up to the closing quote, a backslash taking the byte after it with it; nil when the text
        /// ends first.
        mutating func value() -> String? {
            let start = index
            while let byte = current, byte != UInt8(ascii: "\"") {
                index += 1
                if byte == UInt8(ascii: "\\") {
                    guard !atEnd else { return nil }
                    index += 1
                }
            }
            guard !atEnd else { return nil }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        mutating func tokens() -> [Token]? {
            guard !bytes.isEmpty else { return nil }
            var tokens: [Token] = []
            while skipSpaces() {
                guard let name = key() else { return nil }
                skip(" "); skip("{"); skip(" ")
                var token = Token(name: name, keys: [], values: [:])
                while skipSpaces() {
                    if current == UInt8(ascii: "}") {
                        index += 1
                        break
                    }
                    guard let key = key() else { return nil }
                    skip(":"); skip(" "); skip("\"")
                    guard let value = value() else { return nil }
                    skip("\"")
                    token.keys.append(key)
                    token.values[key] = value
                }
                tokens.append(token)
            }
            return tokens
        }
    }
}
