import Foundation

/// Memory use of this process, from Linux's `/proc/self/status`.
public enum ProcessMemory {
    /// Resident set size now, in bytes (`VmRSS`); nil where `/proc` is unavailable.
    public static var residentBytes: Int? { statusValue("VmRSS") }
    /// Peak resident set size since the process started, in bytes (`VmHWM`); nil where `/proc` is unavailable.
    public static var peakResidentBytes: Int? { statusValue("VmHWM") }

    /// A `kB` line of `/proc/self/status`, in bytes.
    private static func statusValue(_ key: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(key + ":") {
            let fields = line.dropFirst(key.count + 1).split(whereSeparator: \.isWhitespace)
            return fields.first.flatMap { Int($0) }.map { $0 * 1024 }
        }
        return nil
    }
}
