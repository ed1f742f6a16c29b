import GRPCCore

extension ServerContext {
    /// True for calls to the health service, which stays open to probes: no key needed, answered while
    /// draining (with NOT_SERVING).
    var isHealthCheck: Bool { descriptor.service == Grpc_Health_V1_Health.descriptor }
}
