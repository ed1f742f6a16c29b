import ArgumentParser
import Foundation

/// The fixed text sets the benchmarks use, chosen with `--text-set`.
enum BenchTexts {
    /// The built-in sets by name.
    enum Set: String, CaseIterable, ExpressibleByArgument {
        /// English, two to four sentences each, the kind of text a voice assistant or a reader app sends; the
        /// first text opens with a 12-word sentence (the first-chunk case of the neural voice's benchmark).
        case assistant
        /// English, two or three short sentences of 6–10 words each: IVR prompts and assistant replies, whose
        /// first sentence is too short for the first-segment cut.
        case short
        /// Mandarin, two or three short sentences of 8–12 characters each (for `中文女`).
        case shortMandarin = "short-zh"
        /// Japanese with kanji, two or three sentences each, the first of 14–16 characters (for `日语男` and the
        /// Kokoro voices): the first-segment case of a streamed Japanese request.
        case shortJapanese = "short-ja"

        var texts: [String] {
            switch self {
            case .assistant: BenchTexts.builtIn
            case .short: BenchTexts.short
            case .shortMandarin: BenchTexts.shortMandarin
            case .shortJapanese: BenchTexts.shortJapanese
            }
        }
    }

    /// Index in `builtIn` of the text whose first sentence has exactly 12 words.
    static let twelveWordFirstSentence = 0

    static let short = [
        "Your order has shipped today. It will arrive on Tuesday morning.",
        "Thanks for calling our support line. Please hold for the next agent. Your call matters to us.",
        "The meeting moved to three o'clock. Room four is booked for you.",
        "I found two restaurants near you. Both are open until ten tonight.",
        "Your balance is forty two dollars. The next payment is due Friday.",
        "It will rain this afternoon in Boston. Take an umbrella with you. Tomorrow looks sunny again.",
    ]

    static let shortMandarin = [
        "您的订单今天已经发货。预计周二上午送达。",
        "感谢您致电客服热线。请稍候，马上为您转接。",
        "会议改到下午三点开始。四号会议室已经订好。",
        "附近有两家餐厅营业。都开到晚上十点钟。",
        "您的账户余额四十二元。下次还款日是周五。",
        "今天下午北京有小雨。出门请记得带伞。明天会转晴。",
    ]

    static let shortJapanese = [
        "東京駅から新幹線に乗りました。三番目の列車は十時に出発します。",
        "ご注文の商品は本日発送しました。火曜日の午前中に届く予定です。",
        "お電話ありがとうございます。担当者におつなぎしますので、少々お待ちください。",
        "会議は午後三時に変更されました。四番の会議室を予約してあります。",
        "近くに二軒のレストランがあります。どちらも夜十時まで営業しています。",
        "今日の午後は大阪で雨が降ります。傘を持って出かけてください。明日は晴れる見込みです。",
    ]

    static let builtIn = [
        "The quick brown fox jumped over the lazy dog near the river. It was a bright and cold morning in April. Nobody saw it happen.",
        "Welcome back! Your next meeting starts in fifteen minutes, in the small conference room on the third floor. Would you like me to send a reminder to the other participants?",
        "The train to Boston has been delayed by about twenty minutes. We apologise for the inconvenience. Please listen for further announcements.",
        "Preheat the oven to two hundred degrees. Mix the flour, the sugar and a pinch of salt in a large bowl, then add the eggs one at a time. Bake for thirty minutes, or until golden brown.",
        "Good evening, and thank you for calling. All of our agents are busy at the moment, but your call is important to us. Please stay on the line, or visit our website for answers to common questions. Goodbye for now.",
        "It rained all night, and by the morning the streets were flooded. Schools stayed closed, and most people worked from home.",
    ]

    /// The texts of `file` (one per non-empty line), or the built-in set named `set`.
    static func load(_ file: String?, set: Set = .assistant) throws -> [String] {
        guard let file else { return set.texts }
        let lines = try String(contentsOfFile: file, encoding: .utf8)
            .split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw BenchError("\(file) has no texts (one per line)") }
        return lines
    }
}

/// A benchmark that cannot run, with the reason in plain words.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
