import CosyVoiceTesting
import Testing

/// One throwaway PostgreSQL server for a whole suite: started before its first test, removed after its last
/// (whether the tests passed or not); tests reach it through ``server``.
struct PostgresScope: SuiteTrait, TestScoping {
    @TaskLocal static var server: TemporaryPostgres?

    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let postgres = try await TemporaryPostgres.start()
        do {
            try await Self.$server.withValue(postgres) { try await function() }
        } catch {
            await postgres.remove()
            throw error
        }
        await postgres.remove()
    }

    /// The suite's server.
    static func current() throws -> TemporaryPostgres {
        try #require(server, "the suite needs the .temporaryPostgres trait")
    }
}

extension Trait where Self == PostgresScope {
    /// A PostgreSQL server for the suite's tests.
    static var temporaryPostgres: Self { PostgresScope() }
}
