/// Polls `condition` every 20 ms until it holds, for at most `seconds`; true as soon as it holds.
///
/// The bound is generous on purpose: it only matters when the condition never holds, and a busy machine (the
/// whole suite runs in parallel, beside servers it spawns) can hold a task back for many seconds.
public func eventually(within seconds: Double = 60, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return condition()
}
