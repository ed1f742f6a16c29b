import AsyncHTTPClient
import AudioIO
import CosyVoiceTesting
import Foundation
import GRPCAPI
import NIOCore
import GRPCCore
import GRPCNIOTransportHTTP2
import Testing

/// Two replicas on one PostgreSQL speaker store behind nginx (`deploy/nginx/cosyvoice.conf`), all real
/// processes: a clone on one is every replica's at once, audio streams through the proxy on both APIs, a
/// replica killed under load costs only the requests it was streaming, and a replica stopped with SIGTERM
/// drains without one failed request. The counts are printed (docs/benchmarks.md quotes them).
@Suite("Replicas behind nginx on a shared PostgreSQL store", .serialized, .replicaCluster)
struct ReplicaTests {
    /// Speech: at least `seconds` of audio with a speech-like level.
    static func isSpeech(_ pcm: Data, rate: Int?, seconds: Double = 0.5) -> Bool {
        guard let rate, rate > 0 else { return false }
        let audio = AudioChunk(samples: PCM16Encoder.floats(fromPCM16: pcm), sampleRate: rate)
        return audio.duration >= seconds && rms(audio.samples) > 0.01
    }

    @Test("a clone through nginx speaks at once on each replica and through nginx, over HTTP and gRPC")
    func cloneIsEveryReplicas() async throws {
        let cluster = try ReplicaClusterScope.current()
        let id = "共享-\(UUID().uuidString.prefix(8))"
        #expect(try await ClusterHTTP.clone(cluster.url("/clone"), id: id) == 200)

        // The very next request, on each replica directly and through nginx.
        for url in cluster.replicas.map({ $0.url("/tts") }) + [cluster.url("/tts")] {
            let reply = try await ClusterHTTP.post(url, json: ["tts_text": "大家好，这是共享的声音。", "spk_id": id, "format": "pcm"])
            #expect(reply.status == 200, "\(url): \(String(decoding: reply.body.prefix(200), as: UTF8.self))")
            #expect(Self.isSpeech(reply.body, rate: reply.header("X-Sample-Rate").flatMap(Int.init)), "\(url)")
        }
        for replica in cluster.replicas {
            let listed = try await ClusterHTTP.get(replica.url("/available_spks"))
            #expect(String(decoding: listed.body, as: UTF8.self).contains(id), "replica \(replica.index) does not list \(id)")
            let speakers = try await ClusterHTTP.get(replica.url("/speakers"))
            #expect(String(decoding: speakers.body, as: UTF8.self).contains(id))
        }

        try await withGRPCClient(transport: .http2NIOPosix(target: .ipv4(address: "127.0.0.1", port: cluster.grpcPort),
                                                           transportSecurity: .plaintext)) { grpc in
            let client = Cosyvoice_CosyVoice.Client(wrapping: grpc)
            let sft = try await client.collect(.with { $0.sftRequest = .with { $0.spkID = id; $0.ttsText = "你好，世界。" } })
            #expect(Self.isSpeech(sft.pcm, rate: sft.sampleRate), "gRPC sft with the cloned id through nginx")
            let builtIn = try await client.collect(.with { $0.sftRequest = .with { $0.spkID = "中文女"; $0.ttsText = "你好，世界。" } })
            #expect(Self.isSpeech(builtIn.pcm, rate: builtIn.sampleRate), "gRPC sft through nginx")
            let zeroShot = try await client.collect(.with {
                $0.zeroShotRequest = .with {
                    $0.ttsText = "收到好友从远方寄来的生日礼物。"
                    $0.promptText = Fixtures.promptText
                    $0.promptAudio = Fixtures.promptPCM16
                }
            })
            #expect(Self.isSpeech(zeroShot.pcm, rate: zeroShot.sampleRate), "gRPC zero-shot through nginx")
            #expect(zeroShot.messages.count > 1, "the zero-shot audio came in one piece, not streamed")
        }
    }

    @Test("first audio through nginx against a direct connection, interleaved, for an espeak-ng and a neural voice (figures printed, not asserted)",
          arguments: ["英文女", "英文男"])
    func firstAudioThroughNginx(_ speaker: String) async throws {
        let cluster = try ReplicaClusterScope.current()
        let body: [String: Any] = ["tts_text": "First audio arrives quickly. Then the rest of this longer answer follows it, sentence by sentence.",
                                   "spk_id": speaker, "format": "pcm"]
        var direct: [Double] = [], proxied: [Double] = []
        for round in 0..<11 {
            let replica = cluster.replicas[round % 2]
            for (url, isDirect) in [(replica.url("/tts"), true), (cluster.url("/tts"), false)].shuffled() {
                let reply = try await ClusterHTTP.post(url, json: body)
                #expect(reply.status == 200)
                #expect(Self.isSpeech(reply.body, rate: reply.header("X-Sample-Rate").flatMap(Int.init)))
                let seconds = try #require(reply.firstByte).seconds
                // The first round warms both paths (connections, voice profiles); it is not counted.
                if round > 0 { isDirect ? direct.append(seconds) : proxied.append(seconds) }
            }
        }
        let (directMedian, proxiedMedian) = (median(direct), median(proxied))
        print("first audio (\(speaker)), " + String(format: "median of %d: direct %.1f ms, through nginx %.1f ms, ratio %.2f",
                                                    direct.count, directMedian * 1000, proxiedMedian * 1000, proxiedMedian / directMedian))
    }

    @Test("kill -9 of a replica under streamed load: only its streams in flight fail, every later request succeeds, no clone is lost, the restarted replica rejoins")
    func killUnderLoad() async throws {
        let cluster = try ReplicaClusterScope.current()
        let (victim, survivor) = (cluster.replicas[0], cluster.replicas[1])
        let kept = (0..<3).map { "kept-\($0)-\(UUID().uuidString.prefix(6))" }
        for id in kept { #expect(try await ClusterHTTP.clone(cluster.url("/clone"), id: id) == 200) }
        let expected = try await ClusterHTTP.post(survivor.url("/tts"), json: SteadyLoad.body).body.count

        let load = SteadyLoad()
        let traffic = Task { await load.run(workers: 4, url: cluster.url("/tts"), expectedBytes: expected) }
        #expect(await eventually { load.all.filter(\.succeeded).count >= 4 }, "the load did not get going")
        // Kill while three responses are streaming: a replica runs two syntheses at most (--max-jobs 2), so at
        // least one of them comes from the victim.
        #expect(await eventually { load.streaming >= 3 }, "never three streams at once")
        let killed = ContinuousClock.now
        let streamingAtKill = load.streaming
        victim.process?.signal(SIGKILL)
        _ = await victim.process?.exitStatus()
        #expect(await eventually { load.all.filter { $0.start > killed }.count >= 12 }, "too few requests after the kill")
        load.stop()
        await traffic.value

        let outcomes = load.all
        let before = outcomes.filter { $0.start <= killed }
        let inFlight = before.filter { $0.end > killed }
        let after = outcomes.filter { $0.start > killed }
        let failedAfter = after.filter { !$0.succeeded }
        #expect(failedAfter.isEmpty, "requests started after the kill failed: \(failedAfter.map(\.detail))")
        #expect(before.filter { !$0.succeeded && $0.end <= killed }.isEmpty, "requests failed before the kill")

        // No clone lost: every one listed and speaking, through nginx.
        let listed = String(decoding: try await ClusterHTTP.get(cluster.url("/available_spks")).body, as: UTF8.self)
        for id in kept {
            #expect(listed.contains(id), "\(id) is no longer listed")
            let reply = try await ClusterHTTP.post(cluster.url("/tts"), json: ["tts_text": "Still here.", "spk_id": id, "format": "pcm"])
            #expect(Self.isSpeech(reply.body, rate: reply.header("X-Sample-Rate").flatMap(Int.init), seconds: 0.3), "\(id) does not speak")
        }

        // Restarted on its ports, the replica gets nginx's traffic again once nginx tries it after fail_timeout.
        try await victim.start()
        let restarted = ContinuousClock.now
        var rejoined = false
        while !rejoined, ContinuousClock.now - restarted < .seconds(60) {
            let (ok, detail, _) = await SteadyLoad.request(cluster.url("/tts"), expectedBytes: expected)
            #expect(ok, "\(detail)")
            let metrics = MetricsText(String(decoding: try await ClusterHTTP.get(victim.url("/metrics")).body, as: UTF8.self))
            rejoined = metrics.sum("cosyvoice_requests_total", labelled: "route=\"/tts\"") > 0
        }
        #expect(rejoined, "nginx sent nothing to the restarted replica within 60 s")
        print(String(format: "kill -9 under load: %d requests, %d in flight at the kill (%d streaming), %d of them failed; %d started after it, %d failed; %d clones kept; rejoined %.1f s after restart",
                     outcomes.count, inFlight.count, streamingAtKill, inFlight.filter { !$0.succeeded }.count, after.count, failedAfter.count, kept.count,
                     (ContinuousClock.now - restarted).seconds))
    }

    @Test("SIGTERM on a replica under streamed load: it drains (/ready 503, its streams finish), nginx moves new requests, none fails")
    func drainUnderLoad() async throws {
        let cluster = try ReplicaClusterScope.current()
        let (draining, other) = (cluster.replicas[1], cluster.replicas[0])
        let expected = try await ClusterHTTP.post(other.url("/tts"), json: SteadyLoad.body).body.count
        let long = String(repeating: "Streams keep flowing while replicas come and go behind the proxy. ", count: 60)
        let longBody: [String: Any] = ["tts_text": long, "spk_id": "英文女", "format": "pcm"]
        let longExpected = try await ClusterHTTP.post(other.url("/tts"), json: longBody).body.count

        let load = SteadyLoad()
        let traffic = Task { await load.run(workers: 4, url: cluster.url("/tts"), expectedBytes: expected) }
        #expect(await eventually { load.all.filter(\.succeeded).count >= 4 }, "the load did not get going")
        // A long stream straight from the replica, read slowly for the first seconds of the drain, so the drain
        // has a response in flight to wait for while nginx moves the new requests.
        var request = HTTPClientRequest(url: draining.url("/tts"))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: longBody)))
        let longResponse = try await HTTPClient.shared.execute(request, timeout: .seconds(300))
        #expect(longResponse.status == .ok)
        var longBytes = longResponse.body.makeAsyncIterator()
        var longReceived = try await longBytes.next()?.readableBytes ?? 0

        let process = try #require(draining.process)
        let signalled = ContinuousClock.now
        process.signal(SIGTERM)
        var readyAnswers: [Int] = []
        while ContinuousClock.now - signalled < .seconds(3), let buffer = try await longBytes.next() {
            longReceived += buffer.readableBytes
            if let reply = try? await ClusterHTTP.get(draining.url("/ready")) { readyAnswers.append(reply.status) }
            try await Task.sleep(for: .milliseconds(50))
        }
        while let buffer = try await longBytes.next() { longReceived += buffer.readableBytes }
        #expect(abs(longReceived - longExpected) <= longExpected / 100, "the stream in flight at SIGTERM was cut: \(longReceived) of \(longExpected) bytes")
        #expect(await process.exitStatus() == 0)
        let exited = ContinuousClock.now
        // Load on after the exit too: nginx must route around the closed ports.
        #expect(await eventually { load.all.filter { $0.start > exited }.count >= 6 })
        load.stop()
        await traffic.value

        #expect(readyAnswers.contains(503), "/ready never answered 503 while draining: \(readyAnswers)")
        #expect(readyAnswers.drop { $0 != 503 }.allSatisfy { $0 == 503 }, "/ready turned ready again while draining: \(readyAnswers)")
        let outcomes = load.all
        let failed = outcomes.filter { !$0.succeeded }
        #expect(failed.isEmpty, "\(failed.count) requests failed: \(failed.map(\.detail))")
        print(String(format: "SIGTERM drain under load: %d requests, %d during the drain (%.1f s), %d after the exit, %d failed",
                     outcomes.count, outcomes.filter { $0.start >= signalled && $0.start <= exited }.count, (exited - signalled).seconds,
                     outcomes.filter { $0.start > exited }.count, failed.count))
        try await draining.start()
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
