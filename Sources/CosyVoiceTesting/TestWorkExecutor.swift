import Foundation

/// A task executor with threads of its own, for test suites whose bodies compute for seconds at a time without
/// suspending (encoding minutes of audio, parsing a lexicon, replaying fuzz inputs in a debug build).
///
/// The cooperative pool has as many threads as the machine has cores, two here, and every suite shares it:
/// the servers the tests start, the scheduler under test and every `eventually` poll. A suite that computes on
/// it holds a thread for as long as it takes on a loaded machine, and the other suites' timed waits run out
/// while nothing of theirs runs. Tests of such suites prefer this executor instead (`.offThePool`), so they
/// compete for the cores through the kernel's scheduler like any thread, never for the pool.
public final class TestWorkExecutor: TaskExecutor, @unchecked Sendable {
    /// Four threads: enough that a few heavy tests overlap their waits, few enough to bound their memory.
    public static let shared = TestWorkExecutor(threads: 4)

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []  // guarded by `condition`
    private var next = 0  // index of the oldest job in `jobs`; guarded by `condition`

    private init(threads: Int) {
        for index in 0..<threads {
            let thread = Thread { [self] in work() }
            thread.name = "cosyvoice.test-executor-\(index)"
            thread.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while next == jobs.count { condition.wait() }
            let job = jobs[next]
            next += 1
            if next == jobs.count { jobs.removeAll(keepingCapacity: true); next = 0 }
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
