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
        /// English, short sentences full of what the normalisation grammars read: dates, times, money, units.
        case numbers
        /// Mandarin, the same kind (for `中文女`).
        case numbersMandarin = "numbers-zh"
        /// Japanese with kanji, two or three sentences each, the first of 14–16 characters (for `日语男` and the
        /// Kokoro voices): the first-segment case of a streamed Japanese request.
        case shortJapanese = "short-ja"

        var texts: [String] {
            switch self {
            case .assistant: BenchTexts.builtIn
            case .short: BenchTexts.short
            case .shortMandarin: BenchTexts.shortMandarin
            case .numbers: BenchTexts.numbers
            case .numbersMandarin: BenchTexts.numbersMandarin
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

    static let numbers = [
        "Your order of $19.99 shipped on March 15, 2024. It arrives by 3:30 pm.",
        "The meeting moved to 10:00 am. Room 4 holds 12 people.",
        "Prices rose 67.8% in 2023. A 5kg bag now costs $12.50.",
        "Call 555-123-4567 before 9 pm. Your balance is $1,234.56.",
        "It is 21 degrees today. Tomorrow reaches 25 and 3/4 of the days stay dry.",
        "The 2nd train leaves at 7:45. It takes 2 hours and 15 minutes.",
    ]

    static let numbersMandarin = [
        "您的订单¥299.99已于2024年3月15日发货。预计下午3:30送达。",
        "会议改到10:00开始。4号会议室能坐12人。",
        "2023年价格上涨了67.8%。一袋5kg的米现在卖¥58.5。",
        "请在晚上9点前拨打010-62345678。您的余额是1234.56元。",
        "今天气温21℃，明天最高25度。3/4的日子都是晴天。",
        "第2班列车7:45出发。全程2小时15分钟。",
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
