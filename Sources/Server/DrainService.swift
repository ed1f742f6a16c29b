import Logging
import Operations
import ServiceLifecycle
import Synthesis

/// The first service the group stops on SIGTERM/SIGINT: marks the server draining (`/ready` 503, new work
/// refused) and waits until the synthesis requests in flight have ended, or the grace period has passed.
/// Only then are the listeners shut down, which lets their last bytes go out.
struct DrainService: Service {
    let serving: ServingState
    let scheduler: Scheduler
    /// Seconds in-flight requests get to finish (`--shutdown-grace`).
    let gracePeriod: Double
    let logger: Logger

    func run() async throws {
        // Returns when a graceful shutdown begins; throws when the group is cancelled instead.
        guard (try? await gracefulShutdown()) != nil else { return }
        serving.beginDraining()
        logger.info("draining", metadata: ["in_flight": "\(scheduler.admittedCount)", "grace_s": "\(gracePeriod)"])
        let deadline = ContinuousClock.now + .milliseconds(Int64(gracePeriod * 1000))
        while scheduler.admittedCount > 0 || serving.responsesInFlight > 0, ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if scheduler.admittedCount > 0 {
            logger.warning("grace period over; cutting off requests still in flight", metadata: ["in_flight": "\(scheduler.admittedCount)"])
        }
    }
}
