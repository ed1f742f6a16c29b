import CosyVoiceTesting
import Testing

/// Runs each test of a suite on ``TestWorkExecutor`` rather than the cooperative pool: for suites whose tests
/// compute for seconds without suspending, so that they never hold a pool thread other suites wait for.
/// Child tasks of the test inherit the preference; actors with executors of their own keep them.
public struct OffThePoolTrait: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        try await withTaskExecutorPreference(TestWorkExecutor.shared) { try await function() }
    }
}

extension Trait where Self == OffThePoolTrait {
    /// See ``OffThePoolTrait``.
    public static var offThePool: Self { Self() }
}
