import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import Synthesis
import Testing

@Suite("kill -9 during /clone leaves every speaker fully present or absent")
struct DurabilityTests {
    static let prompt: Data = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try! Data(contentsOf: root.appendingPathComponent("../shared/fixtures/zero_shot_prompt.wav").standardizedFileURL)
    }()

    /// One `/clone` as multipart; true when the server acknowledged it (200).
    static func clone(_ server: ServerProcess, id: String) async -> Bool {
        let boundary = "durability-\(UUID().uuidString)"
        var data = Data()
        for (name, value) in [("spk_id", id), ("prompt_text", "希望你以后能够做的比我还好呦。")] {
            data.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        data.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"prompt_audio\"; filename=\"p.wav\"\r\n\r\n".utf8))
        data.append(prompt)
        data.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var request = HTTPClientRequest(url: server.url("/clone"))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(boundary)")
        request.body = .bytes(ByteBuffer(bytes: data))
        guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(60)),
              (try? await response.body.collect(upTo: 1 << 20)) != nil else { return false }
        return response.status == .ok
    }

    @Test("clones fired in a loop, SIGKILL at random points, restart: every listed speaker loads in full")
    func killDuringClone() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("durability-\(UUID().uuidString)")
        let acknowledged = Acknowledged()
        for round in 0..<3 {
            let server = try await ServerProcess.start(dataDirectory: directory)
            let traffic = Traffic()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<3 {
                    group.addTask {
                        var index = 0
                        while !traffic.stopped.load(ordering: .acquiring) {
                            let id = "r\(round)-w\(worker)-\(index)"
                            if await Self.clone(server, id: id) { acknowledged.ids.withLock { _ = $0.insert(id) } }
                            index += 1
                        }
                    }
                }
                // Somewhere in the middle of the traffic: once this round has stored a clone (however slow the
                // machine is, so the kill always lands among clones in flight), then at a random moment.
                let roundPrefix = "r\(round)-"
                for _ in 0..<6000 where !acknowledged.ids.withLock({ $0.contains { $0.hasPrefix(roundPrefix) } }) {
                    try await Task.sleep(for: .milliseconds(20))
                }
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...800)))
                server.signal(SIGKILL)
                _ = await server.exitStatus()
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
        try store.close()

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

/// Tells one round's clone loops to stop.
final class Traffic: Sendable {
    let stopped = Atomic(false)
}
