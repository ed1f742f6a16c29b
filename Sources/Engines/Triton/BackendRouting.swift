/// Which requests go to a remote backend (`voices.yaml`'s `backends`, `modes` and backend `speakers`);
/// everything not routed here is spoken by the local engines.
public struct BackendRouting: Sendable {
    /// The prompt modes a backend can take.
    public enum PromptMode: String, Sendable, CaseIterable {
        case zeroShot = "zero_shot"
        case crossLingual = "cross_lingual"
        case instruct2
    }

    /// A preset speaker id that speaks through a backend with a reference recording.
    public struct RoutedSpeaker: Sendable {
        public var backend: String
        /// The recording at the backend's reference rate, and its transcript.
        public var prompt: ReferencePrompt

        public init(backend: String, prompt: ReferencePrompt) {
            self.backend = backend
            self.prompt = prompt
        }
    }

    /// Backends by their name in the configuration.
    public var backends: [String: TritonEngine]
    /// Prompt mode → backend name. Cloned speakers follow `zero_shot`: they are stored zero-shot prompts.
    public var modes: [PromptMode: String]
    /// Speaker id → its backend and recording.
    public var speakers: [String: RoutedSpeaker]

    public init(backends: [String: TritonEngine] = [:], modes: [PromptMode: String] = [:], speakers: [String: RoutedSpeaker] = [:]) {
        self.backends = backends
        self.modes = modes
        self.speakers = speakers
    }

    /// The backend `mode` is routed to, if any.
    public func backend(for mode: PromptMode) -> TritonEngine? { modes[mode].flatMap { backends[$0] } }
}
