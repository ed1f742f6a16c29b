import TextFrontend

/// A speaker id clients name in `spk_id` (e.g. `中文女`), with the voice it uses for each language.
///
/// A speaker speaks its own language in its own voice; text in another language goes to a voice of that
/// language with the same gender, so mixed-language text never reaches a voice that cannot read it.
public struct Speaker: Sendable, Equatable {
    public var id: String
    /// The speaker's own language.
    public var language: Language
    public var gender: Gender
    /// One voice per language; always contains `language`.
    public var voices: [Language: Voice]

    public init(id: String, language: Language, gender: Gender, voices: [Language: Voice]) {
        self.id = id
        self.language = language
        self.gender = gender
        self.voices = voices
    }

    /// The speaker's voice: the one for its own language.
    public var primaryVoice: Voice { voices[language]! }

    /// The voice for text in `language`, falling back to the primary voice.
    public func voice(for language: Language) -> Voice { voices[language] ?? primaryVoice }
}
