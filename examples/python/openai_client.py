#!/usr/bin/env python3
"""Speech from this server through the official OpenAI Python SDK (`openai`), as any OpenAI client gets it.

    openai_client.py --base_url http://127.0.0.1:50000/v1 --voice onyx --input "Hello there." --out hello.mp3
    openai_client.py --response_format pcm --stream_format sse --input "Hello." --out hello.pcm

The audio is written as it arrives: the raw bytes of the chosen format, or, with `--stream_format sse`, the
audio decoded from the `speech.audio.delta` events (OpenAI's `pcm` is 24 kHz 16-bit little-endian mono). On an
error the SDK's exception class and the server's message go to standard error and the exit status is 1.
"""
import argparse
import base64
import json
import os
import sys

import openai


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base_url", default="http://127.0.0.1:50000/v1")
    parser.add_argument("--api_key", default=os.environ.get("OPENAI_API_KEY", "not-needed"),
                        help="the server's API key when it requires one (default: $OPENAI_API_KEY)")
    parser.add_argument("--model", default="tts-1")
    parser.add_argument("--voice", default="onyx", help="an OpenAI voice name or any speaker id the server serves")
    parser.add_argument("--input", default="Hello from the OpenAI speech API.")
    parser.add_argument("--instructions", default=None)
    parser.add_argument("--response_format", default="mp3", choices=["mp3", "opus", "aac", "flac", "wav", "pcm"])
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--stream_format", default="audio", choices=["audio", "sse"])
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    client = openai.OpenAI(base_url=args.base_url, api_key=args.api_key)
    options = {"model": args.model, "voice": args.voice, "input": args.input, "response_format": args.response_format,
               "speed": args.speed, "stream_format": args.stream_format}
    if args.instructions:
        options["instructions"] = args.instructions
    try:
        with client.audio.speech.with_streaming_response.create(**options) as response:
            with open(args.out, "wb") as out:
                if args.stream_format == "audio":
                    for chunk in response.iter_bytes():
                        out.write(chunk)
                else:
                    for line in response.iter_lines():
                        if not line.startswith("data: "):
                            continue
                        event = json.loads(line[len("data: "):])
                        if event["type"] == "speech.audio.delta":
                            out.write(base64.b64decode(event["audio"]))
    except openai.APIStatusError as error:
        message = error.body.get("message") if isinstance(error.body, dict) else error.message
        print(f"{type(error).__name__} ({error.status_code}): {message}", file=sys.stderr)
        if os.path.exists(args.out):
            os.remove(args.out)
        sys.exit(1)


if __name__ == "__main__":
    main()
