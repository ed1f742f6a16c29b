import ArgumentParser
import CosyVoiceTesting
import Foundation
import Server
import Testing
@testable import cosyvoice

/// `serve`'s flags reach the configuration the server is composed from; the harness then runs that
/// configuration through the same composition (`CosyVoiceServer`), so a flag that maps here is honoured there.
@Suite("serve: every flag maps to the server configuration")
struct ServeConfigurationTests {
    @Test("flags set the configuration; unset flags keep the documented defaults")
    func flagsMapToTheConfiguration() throws {
        let command = try ServeCommand.parse([
            "--host", "127.0.0.2", "--port", "8080", "--grpc-port", "8081", "--cors-origins", "https://a.example",
            "--max-conc", "2", "--max-jobs", "3", "--max-queue", "5", "--log-file", "/tmp/x.log", "--api-key", "k1", "--api-key", "k2",
            "--shutdown-grace", "7", "--max-body-bytes", "4096", "--max-text-chars", "100", "--max-prompt-text-chars", "50",
            "--max-instruct-text-chars", "60", "--min-prompt-seconds", "1", "--max-prompt-seconds", "20", "--min-prompt-sample-rate", "22050",
            "--max-speakers", "9", "--max-spk-id-length", "12", "--request-timeout", "30", "--idle-timeout", "5", "--body-timeout", "6",
            "--max-connections", "10", "--raw-pcm-rate", "native", "--metrics-open", "--data-dir", "/tmp/d", "--voices-dir", "/tmp/v",
            "--voices-config", "/tmp/v.yaml", "--engine-threads", "2", "--lone-request-threads", "0",
        ])
        let c = try command.configuration()
        #expect(c.host == "127.0.0.2" && c.port == 8080 && c.grpcPort == 8081 && c.corsOrigins == ["https://a.example"])
        #expect(c.maxConcurrentCalls == 2 && c.resolvedMaxActiveJobs == 3 && c.maxQueuedJobs == 5)
        #expect(c.resolvedLogFile.path == "/tmp/x.log" && c.apiKeys == ["k1", "k2"] && c.shutdownGracePeriod == 7)
        #expect(c.limits.maxBodyBytes == 4096 && c.limits.maxTextCharacters == 100 && c.limits.maxPromptTextCharacters == 50)
        #expect(c.limits.maxInstructTextCharacters == 60 && c.limits.prompt.minimumDuration == 1 && c.limits.prompt.maximumDuration == 20)
        #expect(c.limits.prompt.minimumSampleRate == 22050 && c.limits.maxClonedSpeakers == 9 && c.limits.maxSpeakerIDLength == 12)
        #expect(c.limits.requestTimeout == 30 && c.idleTimeout == 5 && c.bodyTimeout == 6 && c.maxConnections == 10)
        #expect(c.rawPCMRate == .native && !c.protectMetrics && c.dataDirectory.path == "/tmp/d")
        #expect(c.voicesDirectories.map(\.path) == ["/tmp/v"] && c.voicesConfigFile?.path == "/tmp/v.yaml" && c.engineThreads == 2)
        #expect(c.loneRequestThreads == 0)

        let defaults = try ServeCommand.parse([]).configuration()
        let documented = ServerConfiguration()
        #expect(defaults.port == 50000 && defaults.grpcPort == 50001 && defaults.maxConcurrentCalls == 4 && defaults.maxQueuedJobs == 16)
        #expect(defaults.limits.maxBodyBytes == 20 * 1024 * 1024 && defaults.limits.maxTextCharacters == 5000)
        #expect(defaults.resolvedMaxActiveJobs == ProcessInfo.processInfo.activeProcessorCount, "cores ÷ 1 engine thread")
        #expect(defaults.rawPCMRate == .fixed(22050) && defaults.protectMetrics && defaults.apiKeys.isEmpty)
        #expect(defaults.resolvedLogFile.path == documented.resolvedLogFile.path)
        #expect(defaults.loneRequestThreads == ProcessInfo.processInfo.activeProcessorCount, "a lone request runs on every core")
    }

    @Test("--store names a PostgreSQL database; a password file replaces the URL's; no --store keeps SQLite in the data directory")
    func storeFlags() throws {
        #expect(try ServeCommand.parse([]).configuration().postgresStore == nil)
        let directory = RunningServer.temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let passwordFile = directory.appendingPathComponent("password")
        try Data("from-file\n".utf8).write(to: passwordFile)
        let store = try #require(try ServeCommand.parse([
            "--store", "postgres://app:from-url@db.internal:6000/voices", "--store-pool-size", "3",
        ]).configuration().postgresStore)
        #expect(store.host == "db.internal" && store.port == 6000 && store.username == "app" && store.database == "voices")
        #expect(store.password == "from-url" && store.poolSize == 3)
        let withFile = try #require(try ServeCommand.parse([
            "--store", "postgres://app:from-url@db.internal/voices", "--store-password-file", passwordFile.path,
        ]).configuration().postgresStore)
        #expect(withFile.password == "from-file" && withFile.poolSize == 8)
    }

    @Test("two engine threads halve the default number of jobs")
    func engineThreadsShapeTheDefaultJobs() throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        #expect(try ServeCommand.parse(["--engine-threads", "2"]).configuration().resolvedMaxActiveJobs == max(1, cores / 2))
    }

    @Test("invalid values are refused with the flag's name")
    func invalidValuesAreRefused() throws {
        for (arguments, flag) in [(["--port", "70000"], "--port"), (["--max-conc", "0"], "--max-conc"),
                                  (["--shutdown-grace=-1"], "--shutdown-grace"), (["--raw-pcm-rate", "fast"], "--raw-pcm-rate"),
                                  (["--lone-request-threads=-1"], "--lone-request-threads"),
                                  (["--store", "mysql://app:pw@db/voices"], "--store"), (["--store-pool-size", "0"], "--store-pool-size"),
                                  (["--store", "postgres://app@db/voices", "--store-password-file", "/nonexistent/password"], "--store-password-file")] {
            let error = #expect(throws: ValidationError.self) { try ServeCommand.parse(arguments).configuration() }
            #expect(error?.message.contains(flag) == true, "\(arguments): \(String(describing: error))")
        }
    }
}
