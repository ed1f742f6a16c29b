import Foundation

/// Debian's nginx running a deployable configuration (`deploy/nginx/cosyvoice.conf`) in front of test servers:
/// the file as it is, with only its upstreams' `server` lines pointed at the given replicas (each keeping the
/// first line's parameters) and its `listen` ports moved to free loopback ones. Everything nginx writes (pid,
/// logs, temporary files) lives in a temporary prefix; `daemon off` keeps it this process's child.
public final class TemporaryNginx: Sendable {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String {
            "nginx is not installed: the replicas are tested behind a real nginx (Debian package nginx; `scripts/setup` installs it)"
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    static let binary = "/usr/sbin/nginx"

    /// The loopback port that replaced each `listen` port of the configuration.
    public let ports: [Int: Int]
    let directory: URL
    let process: BackgroundProcess

    /// Starts nginx on `configuration` with `upstreams` (upstream name → "host:port" of each replica).
    public static func start(configuration: URL, upstreams: [String: [String]]) async throws -> TemporaryNginx {
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw Missing() }
        let directory = RunningServer.temporaryDirectory().appendingPathExtension("nginx")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            let text = try String(contentsOf: configuration, encoding: .utf8)
            var ports: [Int: Int] = [:]
            let site = try rewrite(text, upstreams: upstreams) { original in
                if let port = ports[original] { return port }
                let port = try LoopbackSocket.freePort()
                ports[original] = port
                return port
            }
            try site.write(to: directory.appendingPathComponent("cosyvoice.conf"), atomically: true, encoding: .utf8)
            let main = mainConfiguration(directory)
            try main.write(to: directory.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
            let process = try BackgroundProcess("nginx", binary, ["-p", directory.path, "-c", directory.appendingPathComponent("nginx.conf").path,
                                                                  "-e", "stderr"])
            let nginx = TemporaryNginx(ports: ports, directory: directory, process: process)
            let listening = await eventually(within: 30) {
                process.isRunning && ports.values.allSatisfy { port in
                    guard let fd = try? LoopbackSocket.connect(port: port) else { return false }
                    close(fd)
                    return true
                }
            }
            guard listening else {
                await process.stop()
                throw Failure(description: "nginx did not start:\n\(process.standardError)")
            }
            return nginx
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    private init(ports: [Int: Int], directory: URL, process: BackgroundProcess) {
        self.ports = ports
        self.directory = directory
        self.process = process
    }

    /// The site configuration with the replicas and ports of a test. Throws when an upstream it should point
    /// somewhere is not in the file.
    static func rewrite(_ text: String, upstreams: [String: [String]], port: (Int) throws -> Int) throws -> String {
        var output: [String] = []
        var upstream: String?
        var replaced: Set<String> = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let words = line.split(whereSeparator: \.isWhitespace)
            if words.first == "upstream", words.count >= 2 {
                upstream = String(words[1])
            } else if upstream != nil, words.first == "}" {
                upstream = nil
            }
            if let name = upstream, let replicas = upstreams[name], words.first == "server", words.count >= 2 {
                // The first server line stands for all: each replica with its parameters.
                guard replaced.insert(name).inserted else { continue }
                let indent = line.prefix { $0.isWhitespace }
                let parameters = words.dropFirst(2).joined(separator: " ")
                for replica in replicas {
                    output.append("\(indent)server \(replica)" + (parameters.isEmpty ? ";" : " " + parameters))
                }
                continue
            }
            if words.first == "listen", words.count >= 2, let original = Int(words[1].trimmingCharacters(in: [";"])) {
                let indent = line.prefix { $0.isWhitespace }
                let rest = words.dropFirst(2).joined(separator: " ")
                output.append("\(indent)listen 127.0.0.1:\(try port(original))" + (rest.isEmpty ? ";" : " " + rest))
                continue
            }
            output.append(String(line))
        }
        if let missing = Set(upstreams.keys).subtracting(replaced).first {
            throw Failure(description: "the configuration has no upstream '\(missing)' with a server line")
        }
        return output.joined(separator: "\n")
    }

    /// The main configuration around the site: nothing outside `directory`.
    static func mainConfiguration(_ directory: URL) -> String {
        let path = directory.path
        return """
            daemon off;
            worker_processes 1;
            pid \(path)/nginx.pid;
            error_log stderr warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path \(path)/client_body;
                proxy_temp_path \(path)/proxy;
                fastcgi_temp_path \(path)/fastcgi;
                uwsgi_temp_path \(path)/uwsgi;
                scgi_temp_path \(path)/scgi;
                include \(path)/cosyvoice.conf;
            }

            """
    }

    /// What nginx logged (warnings and errors: upstreams it gave up on, for one).
    public var log: String { process.standardError }

    /// Stops nginx and deletes its prefix.
    public func remove() async {
        await process.stop(SIGQUIT)
        try? FileManager.default.removeItem(at: directory)
    }
}
