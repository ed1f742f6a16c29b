import CTextGrammar
import Foundation

/// One compiled rewrite grammar (an OpenFst file whose arcs carry UTF-8 bytes, as WeTextProcessing compiles
/// its taggers and verbalisers), and the one place its C handle lives. Immutable once loaded, so rewriting is
/// safe from any number of threads at once, without a lock.
final class TextGrammar: Sendable {
    /// Why a grammar file could not be used.
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    // Never mutated after init; OpenFst only reads the FST behind it.
    private nonisolated(unsafe) let handle: OpaquePointer
    /// States of the FST: a size figure for logs.
    let stateCount: Int

    /// Reads the grammar at `path` (for the wetext grammars 0.01–0.45 s and up to ≈ 20 MB resident per file).
    init(contentsOf path: String) throws(LoadError) {
        // Checked here so that a missing file is one clear error, not OpenFst's message on standard error too.
        guard FileManager.default.isReadableFile(atPath: path) else { throw LoadError(description: "no grammar file at \(path)") }
        var message = [CChar](repeating: 0, count: 512)
        guard let handle = text_grammar_load(path, &message, message.count) else {
            let end = message.firstIndex(of: 0) ?? message.endIndex
            throw LoadError(description: String(decoding: message[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        self.handle = handle
        stateCount = text_grammar_state_count(handle)
    }

    deinit {
        text_grammar_free(handle)
    }

    /// The output of the grammar's shortest path for `text`; nil when the grammar accepts no path for it or
    /// OpenFst failed. `text` must not hold U+0000: byte 0 is the FST's empty label.
    func rewrite(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var output: UnsafeMutablePointer<CChar>?
            var length = 0
            let status = bytes.withMemoryRebound(to: CChar.self) { input in
                text_grammar_rewrite(handle, input.baseAddress, input.count, &output, &length)
            }
            guard status == TEXT_GRAMMAR_OK, let output else { return nil }
            defer { text_grammar_free_output(output) }
            return String(decoding: UnsafeRawBufferPointer(start: output, count: length), as: UTF8.self)
        }
    }
}
