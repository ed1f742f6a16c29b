import AsyncHTTPClient
import CosyVoiceTesting
import Foundation
import Synchronization

/// A real `tritonserver` (from the nvidia-pytriton wheel that scripts/setup installs in .build-triton/venv)
/// on loopback ports, serving a model repository written here: the CosyVoice2 deployment's tensors, with a
/// Python-backend model that speaks through espeak-ng and records what each request carried.
public final class TritonServerProcess: Sendable {
    public let grpcPort: Int
    public let httpPort: Int
    public let directory: URL
    private let process: Process

    public var url: String { "grpc://127.0.0.1:\(grpcPort)" }
    public var recordDirectory: URL { directory.appendingPathComponent("records") }
    public var logURL: URL { directory.appendingPathComponent("tritonserver.log") }

    /// The virtualenv scripts/setup makes, and the wheel's files in it.
    public static let venv = Fixtures.repository.appendingPathComponent(".build-triton/venv")
    static var sitePackages: URL { venv.appendingPathComponent("lib/python3.11/site-packages") }
    static var tritonRoot: URL { sitePackages.appendingPathComponent("pytriton/tritonserver") }

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    private init(process: Process, grpcPort: Int, httpPort: Int, directory: URL) {
        self.process = process
        self.grpcPort = grpcPort
        self.httpPort = httpPort
        self.directory = directory
    }

    /// Writes the model repository, starts the server and waits until it is ready (the model loaded).
    /// - Parameter instances: model instances (each serves any number of requests at once on threads).
    public static func start(instances: Int = 1) async throws -> TritonServerProcess {
        let binary = tritonRoot.appendingPathComponent("bin/tritonserver")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw Unavailable(description: "no tritonserver at \(binary.path): run scripts/setup")
        }
        let directory = RunningServer.temporaryDirectory()
        let model = directory.appendingPathComponent("models/cosyvoice2")
        let version = model.appendingPathComponent("1")
        let records = directory.appendingPathComponent("records")
        try FileManager.default.createDirectory(at: version, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: records, withIntermediateDirectories: true)
        guard let resources = Bundle.module.url(forResource: "TritonModel", withExtension: nil) else {
            throw Unavailable(description: "the test model is missing from the CosyVoiceTesting bundle")
        }
        try FileManager.default.copyItem(at: resources.appendingPathComponent("model.py"), to: version.appendingPathComponent("model.py"))
        let template = try String(contentsOf: resources.appendingPathComponent("config.pbtxt.template"), encoding: .utf8)
        try template.replacingOccurrences(of: "RECORD_DIR", with: records.path).replacingOccurrences(of: "count: 1", with: "count: \(instances)")
            .write(to: model.appendingPathComponent("config.pbtxt"), atomically: true, encoding: .utf8)
        // The Python backend's interpreter finds the model's imports beside the model, not on PYTHONPATH.
        for package in ["numpy", "numpy.libs"] {
            try FileManager.default.createSymbolicLink(at: version.appendingPathComponent(package),
                                                       withDestinationURL: sitePackages.appendingPathComponent(package))
        }

        let (grpcPort, httpPort) = (try LoopbackSocket.freePort(), try LoopbackSocket.freePort())
        let process = Process()
        process.executableURL = binary
        process.arguments = [
            "--model-repository=\(directory.appendingPathComponent("models").path)",
            "--backend-directory=\(tritonRoot.appendingPathComponent("backends").path)",
            "--http-address=127.0.0.1", "--http-port=\(httpPort)",
            "--grpc-address=127.0.0.1", "--grpc-port=\(grpcPort)",
            "--allow-metrics=false", "--exit-timeout-secs=2", "--log-verbose=0",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["LD_LIBRARY_PATH"] = sitePackages.appendingPathComponent("nvidia_pytriton.libs").path
        process.environment = environment
        let log = directory.appendingPathComponent("tritonserver.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let server = TritonServerProcess(process: process, grpcPort: grpcPort, httpPort: httpPort, directory: directory)
        do {
            try await server.waitUntilReady()
        } catch {
            await server.stop(removingFiles: false)
            throw error
        }
        return server
    }

    private func waitUntilReady() async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            guard process.isRunning else { break }
            let request = HTTPClientRequest(url: "http://127.0.0.1:\(httpPort)/v2/models/cosyvoice2/ready")
            if let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(2)), response.status == .ok { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        let log = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        throw Unavailable(description: "tritonserver did not become ready; its log:\n\(log.suffix(4000))")
    }

    /// Stops the server (SIGTERM, then SIGKILL after a grace period) and removes its files.
    public func stop(removingFiles: Bool = true) async {
        if process.isRunning { process.terminate() }
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        if removingFiles { try? FileManager.default.removeItem(at: directory) }
    }

    // MARK: - What the model received

    /// One request as the model recorded it.
    public struct Record: Sendable {
        public var id: String
        public var targetText: String
        public var referenceText: String?
        public var referenceLength: Int?
        public var referenceShape: [Int]?
        public var referenceFrequency: Double?
        public var referenceRMS: Double?
        public var responses: Int
        public var cancelled: Bool
        /// When the model got the request and when it sent its last response (seconds since 1970).
        public var received: Double
        public var finished: Double
    }

    /// Every request recorded so far whose target text contains `marker`.
    public func records(containing marker: String) -> [Record] {
        let files = (try? FileManager.default.contentsOfDirectory(at: recordDirectory, includingPropertiesForKeys: nil)) ?? []
        return files.filter { $0.pathExtension == "json" }.compactMap { file -> Record? in
            guard let data = try? Data(contentsOf: file),
                  let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let target = json["target_text"] as? String, target.contains(marker) else { return nil }
            return Record(id: json["id"] as? String ?? "", targetText: target, referenceText: json["reference_text"] as? String,
                          referenceLength: json["reference_wav_len"] as? Int, referenceShape: json["reference_wav_shape"] as? [Int],
                          referenceFrequency: json["reference_wav_frequency"] as? Double, referenceRMS: json["reference_wav_rms"] as? Double,
                          responses: json["responses"] as? Int ?? 0, cancelled: json["cancelled"] as? Bool ?? false,
                          received: json["received"] as? Double ?? 0, finished: json["finished"] as? Double ?? 0)
        }
    }

    /// The suite's server, for tests that run inside a scope that started one.
    @TaskLocal public static var current: TritonServerProcess?
}

