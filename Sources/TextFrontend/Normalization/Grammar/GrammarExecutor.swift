import Foundation
import Synchronization

/// WeTextProcessing's grammars of one directory, loaded once per process, and the threads that run them.
///
/// Loading (≈ 0.8 s of a core) and every rewrite (composition costs more than linear time: tens of
/// milliseconds for a sentence, up to ≈ 0.1 s for a 160-character chunk) are synchronous C++ work that must
/// never run on Swift's cooperative pool, which has one thread per core: a few requests normalising at once
/// would hold all of it and stall every other task of the process. Here the work runs on the executor's own
/// serial queues (``laneCount`` of them; a job goes to the least busy) and callers suspend until it is done.
///
/// One executor per directory per process (``shared(directory:)``): every server of a process — the tests
/// start dozens — shares the loaded grammars, so they are read once. The first job loads them on its lane;
/// ``load()`` does it up front.
public final class GrammarExecutor: Sendable {
    /// How loading went.
    public enum LoadOutcome: Sendable {
        /// The grammars are in memory: how long reading them took and how much the resident set grew.
        case loaded(duration: Duration, residentBytes: Int?)
        /// The grammars could not be read (missing or damaged files): the front end's own rules read.
        case unavailable(reason: String)

        public var isLoaded: Bool {
            if case .loaded = self { true } else { false }
        }
    }

    private enum State {
        case unloaded
        case loaded(NormalizationGrammars, LoadOutcome)
        case unavailable(LoadOutcome)
    }

    /// Where the grammars are read from (`zh/tn/tagger.fst` …).
    public let directory: URL
    /// Rewrites run at once at most: two keeps one long text from holding up every other request's reading,
    /// and leaves the engines their share of a small machine.
    public static let laneCount = min(2, max(1, ProcessInfo.processInfo.activeProcessorCount))

    private let lanes: [DispatchQueue]
    /// Jobs queued or running on each lane.
    private let pending: Mutex<[Int]>
    /// Read and written only on the lanes; a lane loading holds it, so the other lane waits for the grammars
    /// rather than reading them twice.
    private let state = Mutex(State.unloaded)

    private static let executors = Mutex<[String: GrammarExecutor]>([:])

    /// The process's executor for the grammars in `directory`.
    public static func shared(directory: URL = NormalizationGrammars.defaultDirectory) -> GrammarExecutor {
        let key = directory.standardizedFileURL.path
        return executors.withLock { executors in
            if let executor = executors[key] { return executor }
            let executor = GrammarExecutor(directory: directory)
            executors[key] = executor
            return executor
        }
    }

    private init(directory: URL) {
        self.directory = directory
        lanes = (0..<Self.laneCount).map { DispatchQueue(label: "cosyvoice.text-grammar.\($0)") }
        pending = Mutex(Array(repeating: 0, count: Self.laneCount))
    }

    /// Loads the grammars unless they are loaded (or known to be missing) and tells how that went; the
    /// outcome of the one load is kept, so every call after the first answers at once.
    @discardableResult
    public func load() async -> LoadOutcome {
        await run { _, outcome in outcome }
    }

    /// `text` read by the grammar of `language` (`zh`, `en` or `ja`) alone, as WeTextProcessing's runtime
    /// reads it: no control tags, language detection or punctuation rules. Nil when there is no grammar for
    /// the language, the grammars are not installed, or the grammar has no path for the text.
    public func normalize(_ text: String, grammar language: Language) async -> String? {
        await run { grammars, _ in grammars?.grammar(for: language)?.normalize(text) }
    }

    /// Runs `work` on a lane with the loaded grammars (nil when they are unavailable) and the load outcome.
    func run<Value: Sendable>(_ work: @escaping @Sendable (NormalizationGrammars?, LoadOutcome) -> Value) async -> Value {
        let lane = pending.withLock { pending in
            let lane = pending.indices.min { pending[$0] < pending[$1] } ?? 0
            pending[lane] += 1
            return lane
        }
        return await withCheckedContinuation { continuation in
            lanes[lane].async {
                let (grammars, outcome) = self.loaded()
                let value = work(grammars, outcome)
                self.pending.withLock { $0[lane] -= 1 }
                continuation.resume(returning: value)
            }
        }
    }

    /// The grammars, read on the first call. Called on a lane only.
    private func loaded() -> (NormalizationGrammars?, LoadOutcome) {
        state.withLock { state in
            if case .unloaded = state { state = Self.read(directory) }
            switch state {
            case .loaded(let grammars, let outcome): return (grammars, outcome)
            case .unavailable(let outcome): return (nil, outcome)
            case .unloaded: preconditionFailure("read always settles the state")
            }
        }
    }

    private static func read(_ directory: URL) -> State {
        let residentBefore = residentBytes()
        let started = ContinuousClock.now
        do {
            let grammars = try NormalizationGrammars(directory: directory)
            let growth = residentBytes().flatMap { after in residentBefore.map { after - $0 } }
            return .loaded(grammars, .loaded(duration: ContinuousClock.now - started, residentBytes: growth))
        } catch {
            return .unavailable(.unavailable(reason: "\(error)"))
        }
    }

    /// This process's resident set (`VmRSS` of `/proc/self/status`), in bytes.
    private static func residentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = line.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap({ Int($0) })
        else { return nil }
        return kilobytes * 1024
    }
}
