import Synthesis

/// Runs synchronous, CPU-heavy work (loading a model or a lexicon the tests of a suite share) on a thread of
/// its own and returns its result. Run on the cooperative pool, such work holds one of its few threads for as
/// long as it takes on a loaded machine, and every other suite's async work (servers, `eventually` waits)
/// queues behind it. Whole suites of such work run on ``TestWorkExecutor`` instead (`.offThePool`).
public func offThePool<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
    await DedicatedThread.run("cosyvoice.test-work", work)
}
