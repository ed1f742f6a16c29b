import ArgumentParser
import GRPCAPI
import HTTPAPI
import Server
import Synthesis

/// How `serve` treats connections and raw PCM, each also read from `COSYVOICE_<NAME>`; defaults are
/// `ServerConfiguration`'s.
struct ConnectionOptions: ParsableArguments {
    @Option(help: .flag("Seconds a connection may stay idle (nothing read or written) before it is closed", environment: "IDLE_TIMEOUT",
                        default: ServerConfiguration().idleTimeout.formatted()))
    var idleTimeout: Double?

    @Option(help: .flag("Seconds a request body may take to arrive; slower bodies get 408", environment: "BODY_TIMEOUT",
                        default: ServerConfiguration().bodyTimeout.formatted()))
    var bodyTimeout: Double?

    @Option(help: .flag("Open HTTP connections at most; beyond it new ones wait until one closes", environment: "MAX_CONNECTIONS",
                        default: ServerConfiguration().maxConnections))
    var maxConnections: Int?

    @Option(help: .flag("Rate of the raw PCM of the form API and gRPC when a request names no sample_rate: 'native' (each voice's own, stated in \(CosyVoiceHeader.sampleRate) / \(CosyVoiceMetadata.sampleRate)) or a rate in Hz",
                        environment: "RAW_PCM_RATE", defaultRule: "\(RawPCMRate.referenceRate), what the reference clients assume"))
    var rawPcmRate: String?

    @Flag(help: "Leave /metrics open when API keys are set (env COSYVOICE_METRICS_OPEN=true). [default: it needs a key]")
    var metricsOpen = false

    func apply(to configuration: inout ServerConfiguration) throws {
        configuration.idleTimeout = try Environment.resolve(idleTimeout, "IDLE_TIMEOUT", default: configuration.idleTimeout)
        configuration.bodyTimeout = try Environment.resolve(bodyTimeout, "BODY_TIMEOUT", default: configuration.bodyTimeout)
        configuration.maxConnections = try Environment.resolve(maxConnections, "MAX_CONNECTIONS", default: configuration.maxConnections)
        configuration.protectMetrics = try !(metricsOpen || Environment.resolve(nil, "METRICS_OPEN", default: false))
        if let raw = rawPcmRate ?? Environment.value("RAW_PCM_RATE") {
            guard let rate = RawPCMRate(argument: raw) else {
                throw ValidationError("--raw-pcm-rate must be 'native' or a rate in Hz, got '\(raw)'")
            }
            if case .fixed(let hz) = rate, !configuration.limits.sampleRateRange.contains(hz) {
                throw ValidationError("--raw-pcm-rate must be between \(configuration.limits.sampleRateRange.lowerBound) and \(configuration.limits.sampleRateRange.upperBound) Hz")
            }
            configuration.rawPCMRate = rate
        }
        for (name, value) in [("--idle-timeout", configuration.idleTimeout), ("--body-timeout", configuration.bodyTimeout)]
        where !(value > 0 && value.isFinite) {
            throw ValidationError("\(name) must be a positive number of seconds")
        }
        guard configuration.maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1") }
    }
}
