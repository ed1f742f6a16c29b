import Foundation

/// Runs synchronous CPU-heavy work (prompt decoding, prompt analysis) on a thread of its own.
///
/// Swift's cooperative pool has one thread per core; a request that decoded and analysed a 30-second prompt on
/// it would hold a core's worth of every other request's async work for the whole time.
package enum DedicatedThread {
    /// Runs `work` on a new thread named `name` and returns its result.
    package static func run<Value: Sendable, Failure: Error>(_ name: String, _ work: @escaping @Sendable () throws(Failure) -> Value) async throws(Failure) -> Value {
        let result: Result<Value, Failure> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: Result { () throws(Failure) -> Value in try work() })
            }
            thread.name = name
            thread.start()
        }
        return try result.get()
    }
}
