import AudioIO
import CEspeakNG
import Foundation
import Synchronization

/// Parameters of one espeak-ng call, in espeak's own units.
struct EspeakParameters: Sendable, Equatable {
    /// Words per minute, 80–450 (175 is normal).
    var rate: Int = 175
    /// Base pitch, 0–100 (50 is normal).
    var pitch: Int = 50
    /// Pitch range, 0–100 (50 is normal, 0 is monotone).
    var range: Int = 50
    /// Volume, 0–200 (100 is normal).
    var volume: Int = 100
}

/// One clause of espeak-ng's phonemizer output.
struct EspeakClause: Sendable, Equatable {
    /// IPA phonemes of the clause (UTF-8, words separated by spaces).
    var phonemes: String
    /// The input text of this clause, including its punctuation and the whitespace after it.
    var consumedText: String

    init(phonemes: String, consumedText: String) {
        self.phonemes = phonemes
        self.consumedText = consumedText
    }

    /// The punctuation mark that ended the clause (`.`, `,`, `?`, `!`, `;`, `:`, `…` or a full-width
    /// equivalent such as `。`), or nil when the clause ended without one (end of text, or espeak cut a long
    /// clause). Closing quotes and brackets after the mark are skipped.
    ///
    /// espeak-ng 1.51 lacks `espeak_TextToPhonemesWithTerminator`, so the mark is read from the clause text.
    var terminator: Character? {
        let closers: Set<Character> = ["\"", "'", ")", "]", "}", "»", "”", "’", "」", "』", "）"]
        guard let last = consumedText.reversed().first(where: { !$0.isWhitespace && !closers.contains($0) }) else { return nil }
        return Self.terminators.contains(last) ? last : nil
    }

    /// Punctuation at which espeak-ng ends a clause.
    static let terminators: Set<Character> = [".", ",", "?", "!", ";", ":", "…", "。", "，", "、", "？", "！", "；", "："]
}

/// The process-wide espeak-ng library.
///
/// espeak-ng keeps one global voice and global state and is not thread-safe, so every call — synthesis and
/// phonemizing alike — runs on one serial queue. That queue's thread is GCD's, never the cooperative pool.
final class EspeakLibrary: @unchecked Sendable {
    static let shared = EspeakLibrary()

    /// espeak-ng's output rate in Hz, or nil when the library failed to initialise.
    let sampleRate: Int?
    private let queue = DispatchQueue(label: "espeak-ng", qos: .userInitiated)
    private var currentVoice: String?  // touched on `queue` only

    private init() {
        let rate = queue.sync { () -> Int32 in
            let rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 100, nil, Int32(espeakINITIALIZE_DONT_EXIT))
            if rate > 0 { espeak_SetSynthCallback(espeakSynthCallback) }
            return rate
        }
        sampleRate = rate > 0 ? Int(rate) : nil
    }

    /// Synthesises `text` (NUL-terminated UTF-8 is made here) and yields its audio callback by callback (≈ 50 ms each). Terminating the stream aborts synthesis at the next callback.
    /// `prepare` rewrites the text on espeak's queue before synthesis (e.g. Japanese into kana), off the caller's thread.
    func synthesize(_ text: String, voice: String, parameters: EspeakParameters, sentencePause: Bool,
                    prepare: @escaping @Sendable (String) -> String = { $0 }) -> AsyncThrowingStream<AudioChunk, any Error> {
        let (stream, continuation) = AsyncThrowingStream<AudioChunk, any Error>.makeStream()
        guard let sampleRate else {
            continuation.finish(throwing: EngineError.unavailable("espeak-ng failed to initialise"))
            return stream
        }
        let job = SynthesisJob(continuation: continuation, sampleRate: sampleRate)
        continuation.onTermination = { _ in job.cancel() }
        queue.async { [self] in
            guard !job.isCancelled else { return continuation.finish() }
            do {
                try select(voice: voice)
                apply(parameters)
            } catch {
                return continuation.finish(throwing: error)
            }
            // espeak reads until NUL: a byte count alone would let it run past the buffer.
            let cString = prepare(text).utf8CString
            let flags = UInt32(espeakCHARS_UTF8) | (sentencePause ? UInt32(espeakENDPAUSE) : 0)
            let context = Unmanaged.passRetained(job)
            let status = cString.withUnsafeBufferPointer { buffer in
                espeak_Synth(buffer.baseAddress, buffer.count, 0, POS_CHARACTER, 0, flags, nil, context.toOpaque())
            }
            context.release()
            if status != EE_OK && !job.isCancelled {
                continuation.finish(throwing: EngineError.synthesisFailed("espeak-ng returned \(status.rawValue)"))
            } else {
                continuation.finish()
            }
        }
        return stream
    }

    /// Phonemizes `text` clause by clause into IPA with `voice`'s language rules.
    func phonemize(_ text: String, voice: String) async throws -> [EspeakClause] {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [self] in
                do {
                    try select(voice: voice)
                    continuation.resume(returning: clauses(of: text))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// `phonemize(_:voice:)` for threads an engine owns: blocks the caller until espeak's queue has run it.
    /// Never call it from the cooperative pool.
    func phonemizeBlocking(_ text: String, voice: String) throws -> [EspeakClause] {
        try queue.sync {
            try select(voice: voice)
            return clauses(of: text)
        }
    }

    // MARK: - On `queue` only

    private func select(voice: String) throws {
        guard sampleRate != nil else { throw EngineError.unavailable("espeak-ng failed to initialise (is espeak-ng-data installed?)") }
        guard voice != currentVoice else { return }
        guard espeak_SetVoiceByName(voice) == EE_OK else {
            currentVoice = nil
            throw EngineError.synthesisFailed("espeak-ng has no voice named \(voice)")
        }
        currentVoice = voice
    }

    private func apply(_ parameters: EspeakParameters) {
        espeak_SetParameter(espeakRATE, Int32(min(max(parameters.rate, 80), 450)), 0)
        espeak_SetParameter(espeakPITCH, Int32(min(max(parameters.pitch, 0), 100)), 0)
        espeak_SetParameter(espeakRANGE, Int32(min(max(parameters.range, 0), 100)), 0)
        espeak_SetParameter(espeakVOLUME, Int32(min(max(parameters.volume, 0), 200)), 0)
    }

    /// Splits `text` into clauses with espeak's own rules.
    ///
    /// espeak-ng 1.51 reads one character past a clause that ends in punctuation and whitespace (the first
    /// character of the next clause) and keeps it internally for the next call, so the cursor it reports runs
    /// one character ahead: that character is moved to the next clause's text here. When the cursor reaches
    /// the end of the text espeak may still hold that character, so calls continue until it returns a NULL
    /// cursor; stopping earlier loses the last clause and leaves it to leak into the next call.
    private func clauses(of text: String) -> [EspeakClause] {
        guard !text.allSatisfy(\.isWhitespace) else { return [] }
        let bytes = Array(text.utf8CString)
        var result: [EspeakClause] = []
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let start = UnsafeRawPointer(base)
            let textEnd = buffer.count - 1
            var cursor: UnsafeRawPointer? = start
            var carried = ""
            // Each call consumes at least one character, so this bound only guards against a library bug.
            var remainingCalls = textEnd + 2
            while let position = cursor, remainingCalls > 0 {
                remainingCalls -= 1
                let ipaMode: Int32 = 0x02  // bit 1: IPA as UTF-8
                guard let phonemes = espeak_TextToPhonemes(&cursor, Int32(espeakCHARS_UTF8), ipaMode) else { break }
                let from = position - start
                let to = cursor.map { $0 - start } ?? textEnd
                var clauseText = carried + String(decoding: UnsafeRawBufferPointer(rebasing:
                    UnsafeRawBufferPointer(start: start, count: textEnd)[from ..< max(from, min(to, textEnd))]), as: UTF8.self)
                carried = ""
                if cursor != nil, let lookahead = Self.lookahead(in: clauseText) {
                    carried = String(lookahead)
                    clauseText.unicodeScalars.removeLast()
                }
                let ipa = String(cString: phonemes)
                if !ipa.isEmpty || !clauseText.allSatisfy(\.isWhitespace) {
                    result.append(EspeakClause(phonemes: ipa, consumedText: clauseText))
                }
            }
        }
        return result
    }

    /// The character espeak read past the end of a clause: a last non-space scalar right after whitespace.
    private static func lookahead(in clauseText: String) -> Unicode.Scalar? {
        let scalars = clauseText.unicodeScalars
        guard let last = scalars.last, !last.properties.isWhitespace,
              let beforeLast = scalars.dropLast().last, beforeLast.properties.isWhitespace else { return nil }
        return last
    }
}

/// Context of one `espeak_Synth` call, handed to the C callback through `user_data`.
private final class SynthesisJob: Sendable {
    let continuation: AsyncThrowingStream<AudioChunk, any Error>.Continuation
    let sampleRate: Int
    private let cancelled = Atomic<Bool>(false)

    init(continuation: AsyncThrowingStream<AudioChunk, any Error>.Continuation, sampleRate: Int) {
        self.continuation = continuation
        self.sampleRate = sampleRate
    }

    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }
    func cancel() { cancelled.store(true, ordering: .releasing) }
}

/// espeak-ng's synthesis callback: copies the samples out (the buffer is reused) and aborts when the
/// consumer has gone (a non-zero return stops synthesis).
private func espeakSynthCallback(_ wav: UnsafeMutablePointer<Int16>?, _ count: Int32, _ events: UnsafeMutablePointer<espeak_EVENT>?) -> Int32 {
    guard let events, let userData = events.pointee.user_data else { return 0 }
    let job = Unmanaged<SynthesisJob>.fromOpaque(userData).takeUnretainedValue()
    if job.isCancelled { return 1 }
    if let wav, count > 0 {
        let samples = UnsafeBufferPointer(start: wav, count: Int(count)).map { Float($0) / 32768 }
        job.continuation.yield(AudioChunk(samples: samples, sampleRate: job.sampleRate))
    }
    return 0
}
