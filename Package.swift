// swift-tools-version:6.1
// A CosyVoice-compatible speech synthesis server. The target graph reads as the pipeline:
//   TextFrontend (text → segments) → Engines (segments → audio chunks) → AudioIO (input: prompt decoding and
//   analysis; output: post-processing and encoders) → Synthesis (request → plan → stream) → Operations (keys,
//   metrics, request records) → HTTPAPI | GRPCAPI (the wire) → Server (composition) → cosyvoice (the CLI).
// Apart from the product: cosyvoice-bench (benchmarks), cosyvoice-fuzz (fuzz harnesses) and CosyVoiceTesting
// (what the test targets share, including a harness that runs the real composition).
import PackageDescription

let package = Package(
    name: "cosyvoice-swift",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "cosyvoice", targets: ["cosyvoice"]),
        .executable(name: "cosyvoice-bench", targets: ["cosyvoice-bench"]),
    ],
    dependencies: [
        // Traits pinned explicitly: with two or more enabled traits SwiftPM reorders their flags on every
        // re-plan and rebuilds the package.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1", traits: ["ConfigurationSupport"]),
        .package(url: "https://github.com/grpc/grpc-swift-2.git", exact: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", exact: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", exact: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0", traits: []),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", exact: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", exact: "1.33.2"),
        .package(url: "https://github.com/vapor/multipart-kit.git", exact: "4.7.1"),
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "4.5.2"),
    ],
    targets: [
        // C libraries, one module each; only the wrapper types in AudioIO and Engines import them (and, for AAC,
        // the test decoder in CosyVoiceTesting: libsndfile, which decodes everything else, cannot).
        .systemLibrary(name: "CEspeakNG", pkgConfig: "espeak-ng", providers: [.apt(["libespeak-ng-dev"])]),
        .systemLibrary(name: "CLame", pkgConfig: "lame", providers: [.apt(["libmp3lame-dev"])]),
        .systemLibrary(name: "COpusEnc", pkgConfig: "libopusenc", providers: [.apt(["libopusenc-dev"])]),
        .systemLibrary(name: "CAVCodec", pkgConfig: "libavcodec", providers: [.apt(["libavcodec-dev"])]),
        .systemLibrary(name: "CFLAC", pkgConfig: "flac", providers: [.apt(["libflac-dev"])]),
        .systemLibrary(name: "CSndfile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "CSoxr", pkgConfig: "soxr", providers: [.apt(["libsoxr-dev"])]),
        .systemLibrary(name: "CSherpaOnnx", pkgConfig: "sherpa-onnx"),
        // MeCab has no pkg-config file on Debian: the module map links libmecab itself.
        .systemLibrary(name: "CMeCab", providers: [.apt(["libmecab-dev", "mecab-ipadic-utf8"])]),

        .target(name: "AudioIO", dependencies: ["CSndfile", "CSoxr", "CLame", "COpusEnc", "CAVCodec", "CFLAC"]),
        // OpenFst (Debian's libfst-dev) behind a C header: the one C++ target, for the text-normalisation grammars.
        // Only TextFrontend's `TextGrammar` imports it.
        // Debian's OpenFst 1.7.9 headers hold template members that never compiled (GCC does not check them
        // until they are used; Clang does unless told to wait until instantiation).
        .target(
            name: "CTextGrammar",
            // Optimised in every configuration: OpenFst's composition is header templates, compiled here, and at -O0
            // it runs many times slower, which a debug build's tests (which run the grammars) would pay.
            cxxSettings: [.unsafeFlags(["-fdelayed-template-parsing", "-O2"])],
            linkerSettings: [.linkedLibrary("fst")]
        ),

        .target(name: "TextFrontend", dependencies: ["CTextGrammar"]),
        .target(
            name: "Engines",
            dependencies: [
                "AudioIO", "TextFrontend", "CEspeakNG", "CSherpaOnnx", "CMeCab",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Synthesis",
            dependencies: [
                "AudioIO", "TextFrontend", "Engines",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                // Its `ConnectionPoolError` is what a pool that gave up connecting throws.
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What both network surfaces share beyond synthesis: API keys, metrics, readiness.
        .target(
            name: "Operations",
            dependencies: [
                "Synthesis",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "HTTPAPI",
            dependencies: [
                "Synthesis", "AudioIO", "Operations",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            // The web page at /web: static files, served as they are.
            resources: [.copy("Web/Page")]
        ),
        .target(
            name: "GRPCAPI",
            dependencies: [
                "Synthesis", "AudioIO", "Operations",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Server",
            dependencies: [
                "HTTPAPI", "GRPCAPI", "Synthesis", "Engines", "Operations", "TextFrontend",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "cosyvoice",
            dependencies: [
                "Server", "Synthesis", "Engines", "AudioIO", "GRPCAPI", "HTTPAPI", "Operations", "TextFrontend",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
            ]
        ),
        // The benchmark tool, apart from the product: engine figures in process, and `cosyvoice serve` (the
        // binary beside it) under load, abuse and abandonment, against peers (docs/benchmarks.md).
        .executableTarget(
            name: "cosyvoice-bench",
            dependencies: [
                "Server", "Synthesis", "Engines", "AudioIO", "TextFrontend", "GRPCAPI", "HTTPAPI", "CosyVoiceTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // libFuzzer harnesses over the parsers that read untrusted bytes; `scripts/fuzz` builds this with
        // `-sanitize=fuzzer,address`. A normal build makes a replay tool that runs files through the harness.
        .executableTarget(
            name: "cosyvoice-fuzz",
            dependencies: ["AudioIO", "TextFrontend", "Engines", "Synthesis", "HTTPAPI", "GRPCAPI"],
            path: "Fuzz/Sources"
        ),

        // What every test target shares: the fixtures, test signals and measures, the gated engine, and one
        // server harness built on `CosyVoiceServer` itself, so tests run the composition the binary runs.
        .target(
            name: "CosyVoiceTesting",
            dependencies: [
                "Server", "Synthesis", "Engines", "AudioIO", "TextFrontend", "Operations", "GRPCAPI", "HTTPAPI", "CAVCodec",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(name: "AudioIOTests", dependencies: ["AudioIO", "CosyVoiceTesting"]),
        .testTarget(name: "TextFrontendTests", dependencies: ["TextFrontend", "CosyVoiceTesting"]),
        .testTarget(
            name: "EnginesTests",
            dependencies: ["Engines", "AudioIO", "TextFrontend", "CosyVoiceTesting", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "SynthesisTests",
            dependencies: ["Synthesis", "Engines", "AudioIO", "CosyVoiceTesting", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "HTTPAPITests",
            dependencies: [
                "Server", "HTTPAPI", "Synthesis", "AudioIO", "Operations", "Engines", "CosyVoiceTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: ["Server", "Synthesis", "Engines", "AudioIO", "CosyVoiceTesting", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "GRPCAPITests",
            dependencies: [
                "Server", "GRPCAPI", "Synthesis", "AudioIO", "Engines", "TextFrontend", "Operations", "cosyvoice", "CosyVoiceTesting",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Whole-process behaviour: the built `cosyvoice serve` binary killed and signalled for real.
        .testTarget(
            name: "LifecycleTests",
            dependencies: [
                "cosyvoice", "Synthesis", "AudioIO", "CosyVoiceTesting", "GRPCAPI", "Server",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Every input the fuzzers ever crashed on, replayed through its harness.
        .testTarget(name: "FuzzRegressionTests", dependencies: ["cosyvoice-fuzz", "CosyVoiceTesting"]),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
