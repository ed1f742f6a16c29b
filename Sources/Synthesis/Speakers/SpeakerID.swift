/// The `spk_id` rules of the API: 1–64 Unicode scalars, no control characters, no `/` or `\`, not only
/// whitespace. Chinese names are normal.
public enum SpeakerID {
    /// Default longest id, in Unicode scalars (`Limits.maxSpeakerIDLength` configures it).
    public static let maximumLength = 64

    /// Throws `invalidInput` with a message naming the rule that failed.
    public static func validate(_ id: String, field: String = "spk_id", maximumLength: Int = maximumLength) throws(SynthesisError) {
        let scalars = id.unicodeScalars
        guard !scalars.isEmpty else { throw .invalidInput(field: field, message: "\(field) is empty") }
        guard scalars.count <= maximumLength else {
            throw .invalidInput(field: field, message: "\(field) is longer than \(maximumLength) characters")
        }
        guard !scalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidInput(field: field, message: "\(field) contains a control character")
        }
        guard !scalars.contains(where: { $0 == "/" || $0 == "\\" }) else {
            throw .invalidInput(field: field, message: "\(field) must not contain '/' or '\\'")
        }
        guard scalars.contains(where: { !$0.properties.isWhitespace }) else {
            throw .invalidInput(field: field, message: "\(field) is only whitespace")
        }
    }
}
