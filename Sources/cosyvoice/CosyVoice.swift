import ArgumentParser
import Server

@main
struct CosyVoice: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cosyvoice",
        abstract: "A CosyVoice-compatible speech synthesis server.",
        version: ServerVersion.current,
        subcommands: [ServeCommand.self, SayCommand.self, VoicesCommand.self, FrontendCommand.self, ClientCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
