import AudioIO
import Synthesis

extension AudioResponseShape {
    /// The general API's file routes read as the body asks: (ext) `format` names one of ``AudioFormat``'s raw
    /// values (`"opus"`), and none means ``defaultFileFormat``. A mistyped field is a 422 like any other; a
    /// name that is no format is a 400 that lists the names there are.
    init(requestedIn fields: RequestFields) throws {
        var reader = FieldReader(fields)
        let name = reader.optionalString("format")
        try reader.validate()
        guard let name else {
            self = .file(Self.defaultFileFormat)
            return
        }
        guard let format = AudioFormat(rawValue: name) else {
            let names = AudioFormat.allCases.map(\.rawValue).joined(separator: ", ")
            throw SynthesisError.invalidInput(field: "format", message: "format must be one of \(names), got '\(name)'")
        }
        self = .file(format)
    }
}
