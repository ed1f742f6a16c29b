import Synthesis

/// Runs a test's synchronous, CPU-heavy work (a 100 000-character text through the front end) on a thread of
/// its own and returns its result, for the test to check on the pool. Run on the cooperative pool, such work
/// holds one of its few threads for as long as it takes on a loaded machine, and every other suite's async
/// work (servers, `eventually` waits) queues behind it.
public func offThePool<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
    await DedicatedThread.run("cosyvoice.test-work", work)
}
