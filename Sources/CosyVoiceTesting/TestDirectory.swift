import Foundation

/// Where tests put their files: one root per test process, `<tmp>/cosyvoice-tests/<pid>`, removed when the
/// process exits. Test servers write speaker stores, logs and voice caches by the hundred, so a run that left
/// its directories behind would fill the disk within a few runs. A process killed before it could remove its
/// root has it removed by the next test process.
public enum TestDirectory {
    /// This process's root, created on first use.
    public static let root: URL = {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("cosyvoice-tests")
        removeRootsOfEndedProcesses(in: parent)
        let root = parent.appendingPathComponent(String(getpid()))
        try? FileManager.default.removeItem(at: root)
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestDirectory.root) }
        return root
    }()

    /// A fresh path under the root, `<prefix>-<uuid>`; whoever uses it creates it.
    public static func fresh(_ prefix: String = "test") -> URL {
        root.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    }

    private static func removeRootsOfEndedProcesses(in parent: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for name in names {
            guard let pid = Int32(name), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
            }
        }
    }
}
