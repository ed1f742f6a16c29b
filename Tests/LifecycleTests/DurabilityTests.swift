import AsyncHTTPClient
import CosyVoiceTesting
import Foundation
import NIOCore
import Synchronization
import Synthesis
import Testing

@Suite("kill -9 during /clone leaves every speaker fully present or absent")
struct DurabilityTests {
    static var prompt: Data { Fixtures.promptWAV }

    /// One `/clone` as multipart; true when the server acknowledged it (200).
    static func clone(_ server: ServerProcess, id: String) async -> Bool {
        let body = RequestBody.multipart(["spk_id": id, "prompt_text": Fixtures.promptText], files: ["prompt_audio": ("p.wav", prompt)])
        var request = HTTPClientRequest(url: server.url("/clone"))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: body.contentType)
        request.body = .bytes(ByteBuffer(bytes: body.data))
        guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(60)),
              (try? await response.body.collect(upTo: 1 << 20)) != nil else { return false }
        return response.status == .ok
    }

    @Test("clones in a loop, SIGKILL while one is in flight near its write, restart: every listed speaker loads in full")
    func killDuringClone() async throws {
        let directory = TestDirectory.fresh("durability")
        let acknowledged = Acknowledged()
        for round in 0..<5 {
            let server = try await ServerProcess.start(dataDirectory: directory)
            let traffic = Traffic()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<3 {
                    group.addTask {
                        var index = 0
                        while !traffic.stopped.load(ordering: .acquiring) {
                            let id = "r\(round)-w\(worker)-\(index)"
                            let start = ContinuousClock.now
                            traffic.inFlight.withLock { $0[worker] = start }
                            if await Self.clone(server, id: id) {
                                acknowledged.ids.withLock { _ = $0.insert(id) }
                                traffic.durations.withLock { $0.append(ContinuousClock.now - start) }
                            }
                            traffic.inFlight.withLock { $0[worker] = nil }
                            index += 1
                        }
                    }
                }
                // Once two clones of this round were stored (so their duration is known on this machine), pick a
                // clone in flight and kill in the second half of its expected time: the decode and analysis are
                // done by then, and the write is near. Over the rounds this lands on writes.
                while traffic.durations.withLock({ $0.count }) < 2 {
                    try await Task.sleep(for: .milliseconds(20))
                }
                let typical = traffic.durations.withLock { $0.sorted()[$0.count / 2] }
                var target: ContinuousClock.Instant?
                while target == nil {
                    target = traffic.inFlight.withLock { $0.values.min() }.map { $0 + typical * Double.random(in: 0.5...1.0) }
                    if target == nil { try await Task.sleep(for: .milliseconds(2)) }
                }
                if let target { try await Task.sleep(until: target, clock: .continuous) }
                let caught = traffic.inFlight.withLock { !$0.isEmpty }
                server.signal(SIGKILL)
                _ = await server.exitStatus()
                #expect(caught, "round \(round): no clone was in flight at the kill")
                // Requests to the dead server would otherwise retry connecting until their timeout; unanswered,
                // they were never acknowledged.
                traffic.stopped.store(true, ordering: .releasing)
                group.cancelAll()
                try await group.waitForAll()
            }
        }

        // The store as the killed processes left it, opened directly: every listed speaker is whole.
        let store = try SQLiteSpeakerStore(path: directory.appendingPathComponent("speakers.sqlite").path)
        let stored = try await store.speakerIDs()
        #expect(!stored.isEmpty)
        for id in stored {
            let speaker = try await store.speaker(id)
            #expect(speaker != nil, "speaker \(id) is listed but not whole")
            #expect((speaker?.promptAudio.duration ?? 0) > 3)
            #expect(try await store.profile(id) != nil)
        }
        // Nothing acknowledged was lost.
        let lost = acknowledged.ids.withLock { $0 }.subtracting(stored)
        #expect(lost.isEmpty, "acknowledged clones missing after kill -9: \(lost.sorted())")
        try await store.close()

        // And the server starts on it again and lists them all.
        let server = try await ServerProcess.start(dataDirectory: directory)
        let listed = try JSONSerialization.jsonObject(with: try await server.get("/available_spks").body) as? [String: [String]]
        let speakers = Set(listed?["speakers"] ?? [])
        #expect(speakers.isSuperset(of: stored))
        server.signal(SIGTERM)
        #expect(await server.exitStatus() == 0)
    }
}

/// Ids the server answered 200 for, across rounds.
final class Acknowledged: Sendable {
    let ids = Mutex<Set<String>>([])
}

/// One round's clone loops: when to stop, which worker's clone is in flight since when, and how long the
/// acknowledged clones took.
final class Traffic: Sendable {
    let stopped = Atomic(false)
    let inFlight = Mutex<[Int: ContinuousClock.Instant]>([:])
    let durations = Mutex<[Duration]>([])
}
