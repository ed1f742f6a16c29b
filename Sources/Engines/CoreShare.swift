/// The cores one segment's engine work may use.
///
/// A job normally runs on its own engine threads (one core each on the default configuration), so that as
/// many jobs run at once as there are cores. The first segment of a request that is alone on the server would
/// leave the other cores idle; an engine that can spread one model run over several cores (a second instance
/// of the model with more ONNX Runtime threads) uses them for it, which shortens the time to first audio.
public enum CoreShare: Sendable, Equatable {
    /// The job's own engine threads.
    case own
    /// Every core: nothing else is being synthesised or waiting.
    case all
}
