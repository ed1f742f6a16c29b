import GRPCCore
import Operations
import Synthesis

/// The standard `grpc.health.v1.Health` service on the gRPC port. SERVING means what `GET /ready` means:
/// voices loaded, speaker store open, not draining. It answers for the server as a whole (`service` empty) and
/// for `cosyvoice.CosyVoice`; any other name is NOT_FOUND.
public struct HealthService: Grpc_Health_V1_Health.SimpleServiceProtocol {
    let synthesis: SynthesisService
    let serving: ServingState
    /// How often `Watch` looks for a change, e.g. 1 s.
    let watchInterval: Duration

    public init(synthesis: SynthesisService, serving: ServingState, watchInterval: Duration = .seconds(1)) {
        self.synthesis = synthesis
        self.serving = serving
        self.watchInterval = watchInterval
    }

    /// Service names this checker answers for.
    static let knownServices: Set<String> = ["", Cosyvoice_CosyVoice.descriptor.fullyQualifiedService]

    public func check(request: Grpc_Health_V1_HealthCheckRequest, context: ServerContext) async throws -> Grpc_Health_V1_HealthCheckResponse {
        guard Self.knownServices.contains(request.service) else {
            throw CallRefusal.unknownService(request.service)
        }
        let current = await status()
        return .with { $0.status = current }
    }

    /// Sends the status now and on every change. Ends (after NOT_SERVING) once the server drains, so the
    /// stream never holds a shutdown up, and at once when its client goes away: grpc-swift signals that
    /// through the RPC's cancellation handle, never by cancelling the handler's task.
    public func watch(request: Grpc_Health_V1_HealthCheckRequest, response: RPCWriter<Grpc_Health_V1_HealthCheckResponse>,
                      context: ServerContext) async throws {
        guard Self.knownServices.contains(request.service) else {
            try await response.write(.with { $0.status = .serviceUnknown })
            return
        }
        let cancellation = context.cancellation
        try await withThrowingTaskGroup { group in
            group.addTask { try await cancellation.cancelled }
            group.addTask { try await watchStatus(response) }
            // Whichever ends first ends the call; the other (a sleep or a wait) is cancelled.
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    private func watchStatus(_ response: RPCWriter<Grpc_Health_V1_HealthCheckResponse>) async throws {
        var last: Grpc_Health_V1_HealthCheckResponse.ServingStatus?
        while true {
            let current = await status()
            if current != last {
                try await response.write(.with { $0.status = current })
                last = current
            }
            if serving.isDraining { return }
            try await Task.sleep(for: watchInterval)
        }
    }

    private func status() async -> Grpc_Health_V1_HealthCheckResponse.ServingStatus {
        await serving.readiness(of: synthesis).ready ? .serving : .notServing
    }
}
