import ArgumentParser
import Logging
import Server

struct VoicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "voices", abstract: "List speaker ids and the voices behind them.")

    @OptionGroup var voiceOptions: VoiceOptions

    func run() async throws {
        var configuration = ServerConfiguration()
        try voiceOptions.apply(to: &configuration)
        let service = try await ServiceLoader.load(configuration, logger: Logger(label: "cosyvoice.voices") { _ in SwiftLogNoOpLogHandler() })
        for id in try await service.availableSpeakers() {
            if let speaker = service.catalog.speaker(id) {
                let voice = speaker.primaryVoice
                print("\(id)\t\(voice.id)\t\(voice.language.rawValue)\t\(voice.gender.rawValue)\t\(voice.sampleRate) Hz")
            } else {
                print("\(id)\tcloned")
            }
        }
    }
}
