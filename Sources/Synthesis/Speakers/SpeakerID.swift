import Foundation

/// The `spk_id` rules of the API: 1–64 Unicode scalars of visible text, no `/` or `\`, not only whitespace.
/// Chinese names are normal.
///
/// An id names one speaker however it is spelled: ids are kept and looked up in Unicode NFC, so a
/// precomposed "é" and "e" + combining acute are the same id. Characters that would let two different ids
/// look the same, or make an id mean something else later, are refused rather than silently dropped:
/// - control characters (Cc) and line or paragraph separators (Zl, Zp);
/// - invisible format characters (Cf): zero-width spaces and joiners, the byte-order mark, bidirectional
///   overrides such as U+202E;
/// - private-use characters (Co), whose look is whatever a font makes of them;
/// - unassigned code points (Cn, noncharacters included): a later Unicode version may give them a canonical
///   decomposition, and the NFC spelling stored today would then stop matching.
public enum SpeakerID {
    /// Default longest id, in Unicode scalars (`Limits.maxSpeakerIDLength` configures it).
    public static let maximumLength = 64

    /// The spelling an id is stored and looked up under: its NFC form. Idempotent; applying it to an id that
    /// is already canonical changes nothing.
    public static func canonical(_ id: String) -> String {
        id.precomposedStringWithCanonicalMapping
    }

    /// Checks a new speaker id against the rules and returns its ``canonical(_:)`` spelling. Throws
    /// `invalidInput` with a message naming the rule that failed.
    public static func validated(_ id: String, field: String = "spk_id", maximumLength: Int = maximumLength) throws(SynthesisError) -> String {
        let canonicalID = canonical(id)
        let scalars = canonicalID.unicodeScalars
        guard !scalars.isEmpty else { throw .invalidInput(field: field, message: "\(field) is empty") }
        guard scalars.count <= maximumLength else {
            throw .invalidInput(field: field, message: "\(field) is longer than \(maximumLength) characters")
        }
        for scalar in scalars {
            if let rule = refusal(of: scalar) {
                throw .invalidInput(field: field, message: "\(field) must not contain \(rule) (U+\(codePoint(scalar)))")
            }
        }
        guard !scalars.contains(where: { $0 == "/" || $0 == "\\" }) else {
            throw .invalidInput(field: field, message: "\(field) must not contain '/' or '\\'")
        }
        guard scalars.contains(where: { !$0.properties.isWhitespace }) else {
            throw .invalidInput(field: field, message: "\(field) is only whitespace")
        }
        return canonicalID
    }

    /// The kind of character `scalar` is, when ids may not contain it.
    private static func refusal(of scalar: Unicode.Scalar) -> String? {
        switch scalar.properties.generalCategory {
        case .control: "a control character"
        case .lineSeparator, .paragraphSeparator: "a line or paragraph separator"
        case .format: "an invisible format character"
        case .privateUse: "a private-use character"
        case .unassigned, .surrogate: "an unassigned code point"
        default: nil
        }
    }

    private static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
