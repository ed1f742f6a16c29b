import Foundation
import TextFrontend

/// One speaker a client can name in `spk_id`, as `GET /speakers` lists it.
public struct SpeakerSummary: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A speaker of the voice catalog (the CosyVoice ids and installed neural voices); cannot be deleted.
        case builtIn = "built-in"
        /// A speaker made with `/clone`.
        case cloned
    }

    public var id: String
    public var kind: Kind
    /// When a cloned speaker was first cloned; nil for built-in speakers.
    public var createdAt: Date?
    /// The speaker's own language: a built-in speaker's voice's, a cloned speaker's transcript's (nil when the
    /// transcript is empty or has nothing to speak).
    public var language: Language?
    /// A built-in speaker's voice's; a cloned speaker's as its prompt's pitch suggests (nil when unvoiced).
    public var gender: Gender?

    public init(id: String, kind: Kind, createdAt: Date? = nil, language: Language? = nil, gender: Gender? = nil) {
        self.id = id
        self.kind = kind
        self.createdAt = createdAt
        self.language = language
        self.gender = gender
    }
}
