import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Programs that refuse to run as root (PostgreSQL) run as `nobody` when the tests do run as root, through
/// util-linux's `setpriv`; as any other user they run as that user.
public enum Unprivileged {
    /// The user the programs run as, when the tests run as root.
    static let userName = "nobody"

    public static var isRoot: Bool { geteuid() == 0 }

    /// The command line that runs `executable` with `arguments` unprivileged.
    static func command(_ executable: String, _ arguments: [String]) -> (String, [String]) {
        guard isRoot, let (uid, gid) = ids() else { return (executable, arguments) }
        return ("/usr/bin/setpriv", ["--reuid=\(uid)", "--regid=\(gid)", "--clear-groups", "--", executable] + arguments)
    }

    /// Makes `directory` the unprivileged user's, so the programs can write there.
    public static func hand(_ directory: URL) throws {
        guard isRoot, let (uid, gid) = ids() else { return }
        guard chown(directory.path, uid, gid) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EPERM) }
    }

    private static func ids() -> (uid_t, gid_t)? {
        guard let entry = getpwnam(userName) else { return nil }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }

    /// Runs a short command unprivileged and returns its outcome.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                    timeout: Duration = .seconds(120)) async throws -> ChildProcess.Outcome {
        let (program, fullArguments) = command(executable, arguments)
        return try await ChildProcess.run(URL(fileURLWithPath: program), fullArguments, environment: environment, timeout: timeout)
    }
}
