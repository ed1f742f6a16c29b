/// The order in which a verbaliser expects each token class's fields. The tagger writes fields in the order it
/// recognised them (`date { month: "March" day: "15" year: ", 2024" }`); WeTextProcessing's runtimes rewrite
/// each token with the fields of its class in this order before the verbaliser reads it.
public struct TokenFieldOrder: Sendable {
    /// Field names by token class; fields not listed follow in the order they came, and classes not listed keep
    /// their order.
    public let fields: [String: [String]]

    /// The Chinese and Japanese text-normalisation grammars.
    public static let chinese = TokenFieldOrder(fields: [
        "date": ["year", "month", "day"],
        "fraction": ["denominator", "numerator"],
        "measure": ["denominator", "numerator", "value"],
        "money": ["value", "currency"],
        "time": ["noon", "hour", "minute", "second"],
    ])

    /// The English text-normalisation grammars.
    public static let english = TokenFieldOrder(fields: [
        "date": ["preserve_order", "text", "day", "month", "year"],
        "money": ["integer_part", "fractional_part", "quantity", "currency_maj"],
    ])
}
