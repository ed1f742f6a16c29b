import CosyVoiceTesting
import Testing

extension TritonServerProcess {
    /// The suite's server (see ``TritonServerScope``).
    static func shared() throws -> TritonServerProcess {
        try #require(current, "the suite runs with the .tritonServer trait")
    }
}

/// Starts one `tritonserver` around a whole suite and stops it afterwards, whether the tests passed or not.
struct TritonServerScope: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let server = try await TritonServerProcess.start()
        do {
            try await TritonServerProcess.$current.withValue(server) { try await function() }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}

extension Trait where Self == TritonServerScope {
    static var tritonServer: Self { TritonServerScope() }
}
