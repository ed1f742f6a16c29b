import AsyncHTTPClient
import AudioIO
import CosyVoiceTesting
import Foundation
import GRPCCore
import GRPCAPI
import GRPCNIOTransportHTTP2
import NIOCore
import Testing

/// `deploy/kubernetes/` against the server it deploys: every flag, variable, port and probe the manifests use
/// exists, and a server started exactly as the pod starts it answers its probes, its metrics scrape and its
/// voices. The manifests cannot drift from the binary unnoticed.
@Suite("deploy/kubernetes: the manifests match the server")
struct KubernetesManifestTests {
    @Test("the objects point at each other: labels, ports, Secret keys, the ConfigMap, the autoscaler, the budget")
    func objectsAreConsistent() throws {
        let manifests = try KubernetesManifests()
        let container = try manifests.container
        let template = try #require(manifests.deployment.spec?.template)
        let podLabels = template.metadata.labels
        for selector in [manifests.deployment.spec?.selector, manifests.service.spec?.selector, manifests.disruptionBudget.spec?.selector] {
            let labels = try #require(selector).labels
            #expect(!labels.isEmpty && labels.allSatisfy { podLabels[$0.key] == $0.value }, "selector \(labels) misses the pods \(podLabels)")
        }
        for port in manifests.service.spec?.ports ?? [] {
            #expect(container.port(port.targetPort) != nil, "Service port \(port.name) points at no container port")
        }
        #expect(manifests.autoscaler.spec?.scaleTargetRef?.name == manifests.deployment.metadata.name)
        #expect((manifests.autoscaler.spec?.minReplicas ?? 0) >= 2, "one replica cannot be drained without an outage")

        for variable in container.env {
            guard let reference = variable.valueFrom?.secretKeyRef else {
                #expect(variable.value != nil, "\(variable.name) has neither a value nor a Secret key")
                continue
            }
            #expect(reference.name == manifests.secret.metadata.name)
            #expect(manifests.secret.stringData?[reference.key] != nil, "the Secret has no \(reference.key)")
        }

        let voicesConfig = try #require(container.argument("--voices-config"))
        let mount = try #require(container.volumeMounts.first { voicesConfig.hasPrefix($0.mountPath + "/") })
        let volume = try #require(template.spec.volumes.first { $0.name == mount.name })
        #expect(volume.configMap?.name == manifests.configMap.metadata.name)
        #expect(manifests.configMap.data?[String(voicesConfig.dropFirst(mount.mountPath.count + 1))] != nil)

        let grace = try #require(container.argument("--shutdown-grace").flatMap(Int.init))
        let pause = container.lifecycle?.preStop?.sleep?.seconds ?? 0
        #expect(template.spec.terminationGracePeriodSeconds > grace + pause,
                "the kubelet would kill a draining replica before --shutdown-grace ends")

        let annotations = try #require(template.metadata.annotations)
        #expect(annotations["prometheus.io/scrape"] == "true")
        #expect(Int(annotations["prometheus.io/port"] ?? "") == container.argument("--port").flatMap(Int.init))
        #expect(annotations["prometheus.io/path"] == "/metrics")
        #expect(container.ports.map(\.containerPort).sorted()
                == [container.argument("--port"), container.argument("--grpc-port")].compactMap { $0.flatMap(Int.init) }.sorted())
    }

    @Test("every flag and environment variable of the pod is one `serve` has")
    func flagsAndVariablesExist() async throws {
        let container = try KubernetesManifests().container
        let help = try await ChildProcess.run(ServerProcess.binary, ["serve", "--help"]).standardOutput
        let words = Set(help.split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }.map(String.init))
        #expect(container.args.first == "serve")
        for flag in container.args.dropFirst() where flag.hasPrefix("--") {
            let name = String(flag.prefix { $0 != "=" })
            let known = words.contains(name)
            #expect(known, "serve has no \(name)")
        }
        for variable in container.env {
            let known = words.contains(variable.name)
            #expect(known, "serve --help names no \(variable.name)")
        }
    }

    @Test("a server started as the pod starts it, on a PostgreSQL store, answers the probes, the scrape and the configured voices")
    func podConfigurationServes() async throws {
        let postgres = try await TemporaryPostgres.start()
        do {
            try await servePod(store: postgres)
        } catch {
            await postgres.remove()
            throw error
        }
        await postgres.remove()
    }

    private func servePod(store postgres: TemporaryPostgres) async throws {
        let manifests = try KubernetesManifests()
        let container = try manifests.container
        let directory = TestDirectory.fresh("kubernetes")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let voicesFile = directory.appendingPathComponent("voices.yaml")
        let voicesConfig = try #require(container.argument("--voices-config"))
        try #require(manifests.configMap.data?[voicesFile.lastPathComponent]).write(to: voicesFile, atomically: true, encoding: .utf8)
        #expect(voicesConfig.hasSuffix("/" + voicesFile.lastPathComponent))

        // The pod's arguments, with this machine's paths and free ports in place of the pod's.
        let (http, grpc) = (try LoopbackSocket.freePort(), try LoopbackSocket.freePort())
        let local = ["--port": "\(http)", "--grpc-port": "\(grpc)", "--data-dir": directory.path, "--voices-config": voicesFile.path]
        let arguments = container.args.dropFirst().map { argument in
            let name = String(argument.prefix { $0 != "=" })
            return local[name].map { "\(name)=\($0)" } ?? argument
        }
        var environment: [String: String] = [:]
        for variable in container.env {
            environment[variable.name] = variable.value ?? variable.valueFrom?.secretKeyRef.flatMap { manifests.secret.stringData?[$0.key] }
        }
        // The Secret's store, with this machine's database in its place.
        #expect(environment["COSYVOICE_STORE"]?.hasPrefix("postgres://") == true && environment["COSYVOICE_STORE_PASSWORD"] != nil)
        let database = try await postgres.makeDatabase()
        environment["COSYVOICE_STORE"] = postgres.url(database: database.database)
        environment["COSYVOICE_STORE_PASSWORD"] = database.password

        let server = try await ServerProcess.start(dataDirectory: directory, arguments: arguments, environment: environment, freePorts: false)
        defer { server.signal(SIGKILL) }
        #expect(server.httpPort == http && server.grpcPort == grpc)

        // The probes name the pod's ports; here those are `http` and `grpc`.
        let podHTTP = try #require(container.argument("--port").flatMap(Int.init))
        let podGRPC = try #require(container.argument("--grpc-port").flatMap(Int.init))
        for probe in [container.readinessProbe, container.livenessProbe] {
            let get = try #require(probe.httpGet)
            #expect(container.port(get.port) == podHTTP)
            var status = 0
            for _ in 0..<600 where status != 200 {
                status = try await server.get(get.path).status
                if status != 200 { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(status == 200, "\(get.path) answers \(status)")
        }
        let startup = try #require(container.startupProbe.grpc)
        #expect(startup.port == podGRPC)
        let health = try await withGRPCClient(
            transport: .http2NIOPosix(target: .ipv4(address: "127.0.0.1", port: grpc), transportSecurity: .plaintext)
        ) { client in
            try await Grpc_Health_V1_Health.Client(wrapping: client).check(.with { $0.service = "" })
        }
        #expect(health.status == .serving)

        // Prometheus scrapes with no key although the pod has API keys.
        let metrics = try await server.get(manifests.deployment.spec?.template?.metadata.annotations?["prometheus.io/path"] ?? "")
        #expect(metrics.status == 200 && String(decoding: metrics.body, as: UTF8.self).contains("# TYPE"))

        // The ConfigMap's OpenAI voices speak, with a key from the Secret and not without one.
        let key = try #require(environment["COSYVOICE_API_KEYS"]?.split(separator: ",").first).trimmingCharacters(in: .whitespaces)
        let openAIVoices = try #require(manifests.configMap.data?["voices.yaml"]).split(separator: "\n")
            .drop { !$0.hasPrefix("openai_voices:") }.dropFirst().prefix { $0.hasPrefix(" ") }
            .compactMap { $0.split(separator: ":").first?.trimmingCharacters(in: .whitespaces) }
        #expect(!openAIVoices.isEmpty)
        for voice in openAIVoices {
            for authorization in [nil, "Bearer \(key)"] {
                var request = HTTPClientRequest(url: server.url("/v1/audio/speech"))
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                if let authorization { request.headers.add(name: "Authorization", value: authorization) }
                let body = ["model": "tts-1", "voice": voice, "input": "Ready to serve.", "response_format": "wav"]
                request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
                let bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
                if authorization == nil {
                    #expect(response.status.code == 401, "voice \(voice) answered without a key")
                } else {
                    #expect(response.status.code == 200, "voice \(voice): \(String(buffer: bytes))")
                    let audio = try AudioDecoder.decode(Data(bytes.readableBytesView))
                    #expect(audio.duration > 0.3 && rms(audio.samples) > 0.01, "voice \(voice) gave no speech")
                }
            }
        }
    }
}

