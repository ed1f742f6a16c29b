import Foundation

/// Typed, lenient access to ``RequestFields`` with pydantic's coercions (form text "1.5" is a float, "True"
/// a bool) and pydantic's error types. Problems are collected, not thrown one by one, so a 422 lists every
/// bad field as FastAPI does; call ``validate()`` before using what was read.
struct FieldReader {
    let fields: RequestFields
    private(set) var failures: [ValidationFailure.Item] = []

    init(_ fields: RequestFields) { self.fields = fields }

    func validate() throws(ValidationFailure) {
        if !failures.isEmpty { throw ValidationFailure(failures) }
    }

    /// A required string field.
    mutating func string(_ name: String) -> String {
        guard let value = fields[name] else {
            failures.append(ValidationFailure.missing(name))
            return ""
        }
        return text(name, value) ?? ""
    }

    /// An optional string field; JSON `null` counts as absent.
    mutating func optionalString(_ name: String) -> String? {
        guard let value = fields[name], value != .null else { return nil }
        return text(name, value)
    }

    /// A required identifier: a string, or an object with a string `id`.
    mutating func identifier(_ name: String) -> String {
        if case .identified(let id) = fields[name] { return id }
        return string(name)
    }

    mutating func bool(_ name: String, default fallback: Bool) -> Bool {
        switch fields[name] {
        case nil: return fallback
        case .bool(let value): return value
        case .number(let value) where value == 0 || value == 1: return value == 1
        case .text(let text):
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "1", "on", "t", "true", "y", "yes": return true
            case "0", "off", "f", "false", "n", "no": return false
            default: break
            }
            failures.append(ValidationFailure.invalid(name, type: "bool_parsing", msg: "Input should be a valid boolean, unable to interpret input"))
        default:
            failures.append(ValidationFailure.invalid(name, type: "bool_type", msg: "Input should be a valid boolean"))
        }
        return fallback
    }

    mutating func double(_ name: String, default fallback: Double) -> Double {
        switch fields[name] {
        case nil: return fallback
        case .number(let value): return value
        case .text(let text):
            if let value = Double(text.trimmingCharacters(in: .whitespaces)) { return value }
            failures.append(ValidationFailure.invalid(name, type: "float_parsing", msg: "Input should be a valid number, unable to parse string as a number"))
        default:
            failures.append(ValidationFailure.invalid(name, type: "float_type", msg: "Input should be a valid number"))
        }
        return fallback
    }

    mutating func int(_ name: String, default fallback: Int) -> Int {
        optionalInt(name) ?? fallback
    }

    /// An optional integer field; JSON `null` counts as absent.
    mutating func optionalInt(_ name: String) -> Int? {
        switch fields[name] {
        case nil, .null: return nil
        case .number(let value):
            if value.rounded() == value, let exact = Int(exactly: value) { return exact }
            failures.append(ValidationFailure.invalid(name, type: "int_from_float", msg: "Input should be a valid integer, got a number with a fractional part"))
        case .text(let text):
            if let value = Int(text.trimmingCharacters(in: .whitespaces)) { return value }
            failures.append(ValidationFailure.invalid(name, type: "int_parsing", msg: "Input should be a valid integer, unable to parse string as an integer"))
        default:
            failures.append(ValidationFailure.invalid(name, type: "int_type", msg: "Input should be a valid integer"))
        }
        return nil
    }

    /// A required uploaded file (multipart bodies only).
    mutating func file(_ name: String) -> UploadedFile {
        guard fields[name] != nil else {
            failures.append(ValidationFailure.missing(name))
            return UploadedFile(data: Data())
        }
        return optionalFile(name) ?? UploadedFile(data: Data())
    }

    /// An optional uploaded file; a text value under the name is an error, as in FastAPI.
    mutating func optionalFile(_ name: String) -> UploadedFile? {
        switch fields[name] {
        case nil, .null: return nil
        case .file(let file): return file
        default:
            failures.append(ValidationFailure.invalid(name, type: "value_error", msg: "Value error, Expected UploadFile, received: text"))
            return nil
        }
    }

    private mutating func text(_ name: String, _ value: FieldValue) -> String? {
        switch value {
        case .text(let text):
            return text
        case .invalidText:
            failures.append(ValidationFailure.invalid(name, type: "string_unicode", msg: "Input should be a valid string, unable to parse raw data as a unicode string"))
        default:
            failures.append(ValidationFailure.invalid(name, type: "string_type", msg: "Input should be a valid string"))
        }
        return nil
    }
}
