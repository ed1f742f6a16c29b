import TextFrontend

/// One voice of one engine, e.g. espeak-ng's `cmn-Latn-pinyin` with a female variant, or a Piper model.
public struct Voice: Sendable, Hashable {
    /// Unique id, `<engine>:<name>` (e.g. `piper:en_US-joe-medium`, `espeak:yue+f2`).
    public var id: String { "\(engine):\(name)" }
    /// The engine that speaks this voice (`SpeechEngine.name`).
    public var engine: EngineName
    /// Engine-specific voice name (an espeak voice with variant, a Piper model name).
    public var name: String
    /// Language the voice speaks.
    public var language: Language
    public var gender: Gender
    /// Native output sample rate in Hz (e.g. 22050).
    public var sampleRate: Int
    /// Typical median F0 of the voice in Hz, used to pick a base voice for a prompt and to compute pitch shifts.
    public var typicalF0: Double
    /// What kind of synthesis the voice is: the catalog prefers neural voices to formant ones.
    public var quality: VoiceQuality

    public init(engine: EngineName, name: String, language: Language, gender: Gender, sampleRate: Int, typicalF0: Double,
                quality: VoiceQuality = .neural) {
        self.quality = quality
        self.engine = engine
        self.name = name
        self.language = language
        self.gender = gender
        self.sampleRate = sampleRate
        self.typicalF0 = typicalF0
    }
}

/// How a voice is synthesised, as far as choosing between voices goes.
public enum VoiceQuality: Sendable, Hashable {
    /// A neural model (Piper, the Mandarin voice): natural, preferred wherever one speaks the language.
    case neural
    /// A formant synthesiser (espeak-ng): every language, robotic; the fallback.
    case formant
    /// A neural model that speaks only when named (its own speaker id or an assignment), never chosen for a
    /// language: one that cannot stream in real time on this machine (see `KokoroVoices.speaksBuiltInSpeaker`).
    case neuralByName
}
