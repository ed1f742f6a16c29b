import CMeCab
import Foundation
import TextFrontend

/// MeCab, the Japanese morphological analyser, with a dictionary whose features carry the pronunciation (発音)
/// in the ninth column: Debian's `mecab-ipadic-utf8` (IPAdic) or `open-jtalk-mecab-naist-jdic` (NAIST-jdic).
///
/// The only type that touches the MeCab C API. A MeCab tagger is not safe to share between threads, so every
/// call takes a lock; a sentence takes microseconds, and callers are engine threads, not the cooperative pool.
public final class MeCabTagger: JapaneseAnalysing, @unchecked Sendable {
    /// Dictionary folders tried in order: the first with a UTF-8 dictionary is used.
    public static let dictionaryDirectories = [
        "/var/lib/mecab/dic/ipadic-utf8",
        "/var/lib/mecab/dic/open-jtalk/naist-jdic",
        "/var/lib/mecab/dic/debian",
    ]
    /// Bytes of text analysed per call; longer text is cut at a character boundary into pieces of this size
    /// (MeCab's own input buffer limit is 8192).
    static let maxBytesPerCall = 4096
    /// Feature column of the pronunciation in both dictionaries.
    static let pronunciationColumn = 8

    /// The dictionary folder in use.
    public let dictionaryDirectory: String
    private let handle: OpaquePointer
    private let lock = NSLock()

    /// Opens MeCab with the first installed dictionary of ``dictionaryDirectories`` (or `directory`).
    public init(dictionaryDirectory directory: String? = nil) throws(EngineError) {
        let candidates = directory.map { [$0] } ?? Self.dictionaryDirectories
        var failures: [String] = []
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate + "/sys.dic") {
            // The dictionary's own dicrc is a valid resource file, so no /etc/mecabrc is needed.
            guard let tagger = mecab_new2("-r \(candidate)/dicrc -d \(candidate)") else {
                failures.append("\(candidate): \(String(cString: mecab_strerror(nil)))")
                continue
            }
            let charset = mecab_dictionary_info(tagger).map { String(cString: $0.pointee.charset) } ?? ""
            guard ["utf-8", "utf8"].contains(charset.lowercased()) else {
                failures.append("\(candidate): charset \(charset), not UTF-8")
                mecab_destroy(tagger)
                continue
            }
            self.handle = tagger
            self.dictionaryDirectory = candidate
            return
        }
        throw EngineError.unavailable("no MeCab UTF-8 dictionary in \(candidates) (install mecab-ipadic-utf8)"
            + (failures.isEmpty ? "" : ": \(failures.joined(separator: "; "))"))
    }

    deinit {
        mecab_destroy(handle)
    }

    public func morphemes(of text: String) -> [JapaneseMorpheme] {
        var morphemes: [JapaneseMorpheme] = []
        for piece in Self.pieces(of: text) {
            morphemes += analysed(piece)
        }
        return morphemes
    }

    private func analysed(_ text: Substring) -> [JapaneseMorpheme] {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return [] }
        lock.lock()
        defer { lock.unlock() }
        var morphemes: [JapaneseMorpheme] = []
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                var node = mecab_sparse_tonode2(handle, chars.baseAddress, chars.count)
                while let current = node?.pointee {
                    defer { node = current.next.map { UnsafePointer($0) } }
                    guard current.stat == MECAB_NOR_NODE || current.stat == MECAB_UNK_NODE,
                          let surfacePointer = current.surface, current.length > 0 else { continue }
                    let surface = String(decoding: UnsafeRawBufferPointer(start: surfacePointer, count: Int(current.length)),
                                         as: UTF8.self)
                    let features = current.feature.map { String(cString: $0) }?.split(separator: ",", omittingEmptySubsequences: false) ?? []
                    let known = current.stat == MECAB_NOR_NODE && features.count > Self.pronunciationColumn
                    morphemes.append(JapaneseMorpheme(
                        surface: surface,
                        pronunciation: known ? String(features[Self.pronunciationColumn]) : nil,
                        partOfSpeech: features.first.map(String.init),
                        subcategory: features.count > 1 ? String(features[1]) : nil))
                }
            }
        }
        return morphemes
    }

    /// `text` in pieces of at most ``maxBytesPerCall`` UTF-8 bytes, cut after sentence punctuation where possible.
    static func pieces(of text: String) -> [Substring] {
        var pieces: [Substring] = []
        var start = text.startIndex
        var bytes = 0
        var lastBreak: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            bytes += character.utf8.count
            if "。！？!?\n、".contains(character) { lastBreak = next }
            if bytes > maxBytesPerCall {
                let cut = lastBreak.flatMap { $0 > start ? $0 : nil } ?? index
                pieces.append(text[start..<cut])
                start = cut
                bytes = text[start..<next].utf8.count
                lastBreak = nil
            }
            index = next
        }
        if start < text.endIndex { pieces.append(text[start...]) }
        return pieces
    }
}
