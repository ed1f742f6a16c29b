import Foundation

/// Built with `-sanitize=fuzzer -DFUZZING` (see `scripts/fuzz`) this is a libFuzzer binary running the harness
/// named by `COSYVOICE_FUZZ_HARNESS`; built normally it replays files through a harness:
/// `cosyvoice-fuzz <harness> <file>…`. Either way `cosyvoice-fuzz --list` prints the harness names.
@main
struct FuzzMain {
    static func main() {
        if CommandLine.arguments.dropFirst().first == "--list" {
            print(FuzzHarness.allCases.map(\.rawValue).joined(separator: "\n"))
            exit(0)
        }
        #if FUZZING
        guard harness != nil else {
            let names = FuzzHarness.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("set COSYVOICE_FUZZ_HARNESS to one of: \(names)\n".utf8))
            exit(2)
        }
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, { data, size in fuzzOneInput(data, size) }))
        #else
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let harness = FuzzHarness(rawValue: name) else {
            print("usage: cosyvoice-fuzz <\(FuzzHarness.allCases.map(\.rawValue).joined(separator: "|"))> <file>…")
            exit(2)
        }
        for path in arguments.dropFirst() {
            guard let bytes = FileManager.default.contents(atPath: path) else {
                print("\(path): unreadable")
                exit(1)
            }
            print("\(path): \(harness.run(bytes)) value(s)")
        }
        #endif
    }
}

#if FUZZING
/// The harness of this run, chosen once from the environment.
let harness = ProcessInfo.processInfo.environment["COSYVOICE_FUZZ_HARNESS"].flatMap(FuzzHarness.init(rawValue:))

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Data(bytes: $0, count: size) } ?? Data()
    harness?.run(bytes)
    return 0
}

/// libFuzzer's entry for programs that keep their own `main` (SwiftPM links executables with its own).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32
#endif
