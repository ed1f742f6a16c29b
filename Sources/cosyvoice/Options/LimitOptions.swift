import ArgumentParser
import Synthesis

/// The request limits of `serve`, each also read from `COSYVOICE_<NAME>`; defaults are `Limits`'.
struct LimitOptions: ParsableArguments {
    @Option(help: .flag("Largest request body in bytes, uploads and gRPC messages included; more gets 413", environment: "MAX_BODY_BYTES",
                        default: Limits().maxBodyBytes))
    var maxBodyBytes: Int?

    @Option(help: .flag("Longest tts_text in characters; more gets 400", environment: "MAX_TEXT_CHARS", default: Limits().maxTextCharacters))
    var maxTextChars: Int?

    @Option(help: .flag("Longest prompt_text in characters", environment: "MAX_PROMPT_TEXT_CHARS", default: Limits().maxPromptTextCharacters))
    var maxPromptTextChars: Int?

    @Option(help: .flag("Longest instruct_text in characters", environment: "MAX_INSTRUCT_TEXT_CHARS", default: Limits().maxInstructTextCharacters))
    var maxInstructTextChars: Int?

    @Option(help: .flag("Shortest prompt audio in seconds", environment: "MIN_PROMPT_SECONDS", default: Limits().prompt.minimumDuration.formatted()))
    var minPromptSeconds: Double?

    @Option(help: .flag("Longest prompt audio in seconds", environment: "MAX_PROMPT_SECONDS", default: Limits().prompt.maximumDuration.formatted()))
    var maxPromptSeconds: Double?

    @Option(help: .flag("Lowest prompt audio sample rate in Hz", environment: "MIN_PROMPT_SAMPLE_RATE", default: Limits().prompt.minimumSampleRate))
    var minPromptSampleRate: Int?

    @Option(help: .flag("Most cloned speakers the store keeps", environment: "MAX_SPEAKERS", default: Limits().maxClonedSpeakers))
    var maxSpeakers: Int?

    @Option(help: .flag("Longest spk_id of a cloned speaker, in characters", environment: "MAX_SPK_ID_LENGTH", default: Limits().maxSpeakerIDLength))
    var maxSpkIdLength: Int?

    @Option(help: .flag("Seconds a whole synthesis may take; past it the stream is ended abnormally, before audio 503 / DEADLINE_EXCEEDED",
                        environment: "REQUEST_TIMEOUT", default: Limits().requestTimeout.formatted()))
    var requestTimeout: Double?

    func apply(to limits: inout Limits) throws {
        limits.maxBodyBytes = try Environment.resolve(maxBodyBytes, "MAX_BODY_BYTES", default: limits.maxBodyBytes)
        limits.maxTextCharacters = try Environment.resolve(maxTextChars, "MAX_TEXT_CHARS", default: limits.maxTextCharacters)
        limits.maxPromptTextCharacters = try Environment.resolve(maxPromptTextChars, "MAX_PROMPT_TEXT_CHARS", default: limits.maxPromptTextCharacters)
        limits.maxInstructTextCharacters = try Environment.resolve(maxInstructTextChars, "MAX_INSTRUCT_TEXT_CHARS", default: limits.maxInstructTextCharacters)
        limits.prompt.minimumDuration = try Environment.resolve(minPromptSeconds, "MIN_PROMPT_SECONDS", default: limits.prompt.minimumDuration)
        limits.prompt.maximumDuration = try Environment.resolve(maxPromptSeconds, "MAX_PROMPT_SECONDS", default: limits.prompt.maximumDuration)
        limits.prompt.minimumSampleRate = try Environment.resolve(minPromptSampleRate, "MIN_PROMPT_SAMPLE_RATE", default: limits.prompt.minimumSampleRate)
        limits.maxClonedSpeakers = try Environment.resolve(maxSpeakers, "MAX_SPEAKERS", default: limits.maxClonedSpeakers)
        limits.maxSpeakerIDLength = try Environment.resolve(maxSpkIdLength, "MAX_SPK_ID_LENGTH", default: limits.maxSpeakerIDLength)
        limits.requestTimeout = try Environment.resolve(requestTimeout, "REQUEST_TIMEOUT", default: limits.requestTimeout)

        guard limits.maxBodyBytes >= 1024 else { throw ValidationError("--max-body-bytes must be at least 1024") }
        guard limits.maxTextCharacters >= 1, limits.maxPromptTextCharacters >= 1, limits.maxInstructTextCharacters >= 1 else {
            throw ValidationError("--max-text-chars, --max-prompt-text-chars and --max-instruct-text-chars must be at least 1")
        }
        guard limits.prompt.minimumDuration > 0, limits.prompt.maximumDuration >= limits.prompt.minimumDuration else {
            throw ValidationError("prompt durations need 0 < --min-prompt-seconds ≤ --max-prompt-seconds")
        }
        guard limits.prompt.minimumSampleRate >= 1 else { throw ValidationError("--min-prompt-sample-rate must be positive") }
        guard limits.maxClonedSpeakers >= 0 else { throw ValidationError("--max-speakers must be at least 0") }
        guard limits.maxSpeakerIDLength >= 1 else { throw ValidationError("--max-spk-id-length must be at least 1") }
        guard limits.requestTimeout > 0, limits.requestTimeout.isFinite else { throw ValidationError("--request-timeout must be positive") }
    }
}
