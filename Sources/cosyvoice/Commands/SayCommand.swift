import ArgumentParser
import AudioIO
import Engines
import Foundation
import Logging
import Server
import Synthesis

struct SayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "say", abstract: "Synthesise text to an audio file.")

    @Argument(help: "Text to speak (CosyVoice control tags allowed).")
    var text: String

    @Option(help: "Speaker id (see `cosyvoice voices`).")
    var speaker = VoiceCatalog.defaultSpeakerID

    @Option(help: "Speaking-rate multiplier, \(Limits().speedRange.lowerBound)–\(Limits().speedRange.upperBound).")
    var speed = 1.0

    @Option(help: "Seed; > 0 gives repeatable output.")
    var seed = 0

    @Option(help: "Instruction text (instruct mode), e.g. 用很慢的语速说.")
    var instruct: String?

    @Option(help: "Output sample rate in Hz (default: the voice's).")
    var sampleRate: Int?

    @Option(help: "Output format (pcm is raw int16 LE, no header).")
    var format: AudioFormat = .wav

    @Option(name: .shortAndLong, help: "Output file.")
    var output = "out.wav"

    @OptionGroup var voiceOptions: VoiceOptions

    func run() async throws {
        var configuration = ServerConfiguration()
        try voiceOptions.apply(to: &configuration)
        configuration.maxQueuedJobs = 0
        let service = try await ServiceLoader.load(configuration, logger: Logger(label: "cosyvoice.say"))
        let mode: SynthesisRequest.Mode = instruct.map { .instruct(speakerID: speaker, instruction: $0) } ?? .sft(speakerID: speaker)
        let request = SynthesisRequest(mode: mode, text: text, speed: speed, seed: seed, sampleRate: sampleRate, format: format)
        let stream: SynthesisStream
        do {
            stream = try await service.start(request)
        } catch {
            throw ValidationError(error.description)
        }
        var samples: [Float] = []
        var chunks = 0
        for try await chunk in stream {
            samples += chunk.samples
            chunks += 1
        }
        let audio = AudioChunk(samples: samples, sampleRate: stream.sampleRate)
        let encoder = format.makeEncoder(sampleRate: stream.sampleRate)
        var bytes = format == .wav ? WAVEncoder.wav(audio) : encoder.encode(audio)
        if format != .wav { bytes += encoder.finish() }
        try bytes.write(to: URL(fileURLWithPath: output))
        print(String(format: "%@: %.2f s at %d Hz, %d chunks, %@", output, audio.duration, stream.sampleRate, chunks, stream.speakerID))
    }
}

extension AudioFormat: ExpressibleByArgument {}
