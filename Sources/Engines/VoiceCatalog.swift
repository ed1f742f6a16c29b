import TextFrontend

/// Every voice the server can speak and every speaker id clients can name.
///
/// Built from the engines that started: espeak-ng provides a voice for every language and gender, neural
/// voices (Piper models found in the voices directories) take precedence where they exist.
public struct VoiceCatalog: Sendable {
    /// Engines by name (`SpeechEngine.name`).
    public let engines: [EngineName: any SpeechEngine]
    /// All voices, neural first.
    public let voices: [Voice]
    /// Speaker ids in the order `/available_spks` lists them: the seven CosyVoice ids, then installed voices.
    public let speakerIDs: [String]
    private let speakersByID: [String: Speaker]
    /// What goes to remote backends instead of the local engines.
    public let routing: BackendRouting

    /// The speaker id clients get when they name none (the reference clients' default).
    public static let defaultSpeakerID = "中文女"

    /// The seven speaker ids of CosyVoice-300M-SFT, kept so that existing clients work unchanged.
    public static let builtInSpeakers: [(id: String, language: Language, gender: Gender)] = [
        (defaultSpeakerID, .mandarin, .female),
        ("中文男", .mandarin, .male),
        ("日语男", .japanese, .male),
        ("粤语女", .cantonese, .female),
        ("英文女", .english, .female),
        ("英文男", .english, .male),
        ("韩语女", .korean, .female),
    ]

    /// - Parameters:
    ///   - engines: the engines that started.
    ///   - voices: every voice those engines offer.
    ///   - assignments: speaker id → voice id overrides for the built-in ids (e.g. `英文男` →
    ///     `piper:en_US-joe-medium`); ids not named here get the best voice for their language and gender.
    ///   - routing: the remote backends and what goes to them. Their voices are not in `voices`: they are
    ///     reached only through the routing, never chosen by voice matching.
    public init(engines: [any SpeechEngine], voices: [Voice], assignments: [String: String] = [:], routing: BackendRouting = BackendRouting()) {
        let remote: [any SpeechEngine] = routing.backends.keys.sorted().map { routing.backends[$0]! }
        self.engines = Dictionary((engines + remote).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.routing = routing
        // Neural voices first so that `bestVoice` prefers them; voices spoken only by name last, so that it never
        // reaches them (espeak-ng speaks every language).
        let ordered = voices.filter { $0.quality == .neural } + voices.filter { $0.quality == .formant }
            + voices.filter { $0.quality == .neuralByName }
        self.voices = ordered
        let byID = Dictionary(ordered.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        var ids: [String] = []
        var speakers: [String: Speaker] = [:]
        for builtIn in Self.builtInSpeakers {
            let assigned = assignments[builtIn.id].flatMap { byID[$0] }
            guard let primary = assigned ?? Self.best(in: ordered, language: builtIn.language, gender: builtIn.gender) else { continue }
            ids.append(builtIn.id)
            speakers[builtIn.id] = Self.speaker(id: builtIn.id, primary: primary, voices: ordered)
        }
        // Each installed neural voice is also a speaker under its own name.
        for voice in ordered where voice.quality != .formant && speakers[voice.name] == nil {
            ids.append(voice.name)
            speakers[voice.name] = Self.speaker(id: voice.name, primary: voice, voices: ordered)
        }
        self.speakerIDs = ids
        self.speakersByID = speakers
    }

    /// Preset ids that only a backend speaks (not built-in ids routed to a backend), sorted.
    public var backendOnlySpeakerIDs: [String] { routing.speakers.keys.filter { speakersByID[$0] == nil }.sorted() }

    /// The speaker with this id, or nil.
    public func speaker(_ id: String) -> Speaker? { speakersByID[id] }

    /// The engine that speaks `voice`.
    public func engine(for voice: Voice) -> (any SpeechEngine)? { engines[voice.engine] }

    /// The best voice for a language and gender: neural where installed, espeak-ng otherwise.
    public func bestVoice(language: Language, gender: Gender) -> Voice? {
        Self.best(in: voices, language: language, gender: gender)
    }

    /// A voice of an engine that clones from reference audio, for text in `language`; nil when none is
    /// installed (then prompts are matched instead).
    public func cloningVoice(language: Language) -> Voice? {
        voices.first { $0.language == language && engines[$0.engine]?.capabilities.acceptsReferenceAudio == true }
    }

    /// A speaker for a voice chosen by language and gender (used by prompt-driven modes), speaking other
    /// languages with voices of the same gender.
    public func matchingSpeaker(language: Language, gender: Gender) -> Speaker? {
        bestVoice(language: language, gender: gender).map {
            Self.speaker(id: "\(language.rawValue)-\(gender.rawValue)", primary: $0, voices: voices)
        }
    }

    private static func best(in voices: [Voice], language: Language, gender: Gender) -> Voice? {
        voices.first { $0.language == language && $0.gender == gender } ?? voices.first { $0.language == language }
    }

    /// A speaker whose own language is `primary`'s and who speaks every other language in the best voice of
    /// the same gender.
    private static func speaker(id: String, primary: Voice, voices: [Voice]) -> Speaker {
        var perLanguage: [Language: Voice] = [:]
        for language in Language.allCases {
            perLanguage[language] = best(in: voices, language: language, gender: primary.gender)
        }
        perLanguage[primary.language] = primary
        return Speaker(id: id, language: primary.language, gender: primary.gender, voices: perLanguage)
    }
}
