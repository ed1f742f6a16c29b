#!/usr/bin/env python3
"""Calls cosyvoice.CosyVoice/Inference like CosyVoice's runtime/python/grpc/client.py and saves a WAV.

Same flags and defaults as the reference client, without torch: the prompt is read with soundfile, mixed to
mono and resampled to the 16 kHz int16 PCM that prompt_audio carries. The WAV is written at the rate the
server sends as initial metadata x-sample-rate (22050 Hz when a server sends none, the rate the reference
client assumes), message by message as the audio arrives. A failed call prints its status and the server's
message and exits with status 1.

    python grpc_client.py --port 50001 --mode sft --spk_id 英文男 --tts_text "Hello there." --tts_wav out.wav
"""
import argparse
import itertools
import os
import sys

import grpc
import numpy as np
import soundfile

import cosyvoice_pb2
import cosyvoice_pb2_grpc

# The rate the reference clients hard-code; used only when the server states no rate.
FALLBACK_SAMPLE_RATE = 22050
# The rate of prompt_audio (api.md §5: raw int16 LE mono at 16000 Hz).
PROMPT_SAMPLE_RATE = 16000
# The shared prompt recording, beside the repository (the reference client uses ../../../asset/zero_shot_prompt.wav).
DEFAULT_PROMPT_WAV = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../shared/fixtures/zero_shot_prompt.wav'))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--host', type=str, default='0.0.0.0')
    # The reference server listens for gRPC on 50000; this one serves HTTP there and gRPC on 50001.
    parser.add_argument('--port', type=int, default=50001)
    parser.add_argument('--mode', default='sft', choices=['sft', 'zero_shot', 'cross_lingual', 'instruct'],
                        help='request mode')
    parser.add_argument('--tts_text', type=str, default='你好，我是通义千问语音合成大模型，请问有什么可以帮您的吗？')
    parser.add_argument('--spk_id', type=str, default='中文女')
    parser.add_argument('--prompt_text', type=str, default='希望你以后能够做的比我还好呦。')
    parser.add_argument('--prompt_wav', type=str, default=DEFAULT_PROMPT_WAV)
    parser.add_argument('--instruct_text', type=str,
                        default="Theo 'Crimson', is a fiery, passionate rebel leader. "
                                'Fights with fervor for justice, but struggles with impulsiveness.')
    parser.add_argument('--tts_wav', type=str, default='demo.wav')
    return parser.parse_args(argv)


def prompt_pcm16(path):
    """The prompt file as prompt_audio: mono, 16 kHz, int16 little-endian, no header."""
    audio, rate = soundfile.read(path, dtype='float64', always_2d=True)
    audio = audio.mean(axis=1)
    if rate != PROMPT_SAMPLE_RATE:
        # Band-limited resampling in the frequency domain: exact for a clip of a few seconds, and numpy only.
        count = round(len(audio) * PROMPT_SAMPLE_RATE / rate)
        spectrum = np.fft.rfft(audio)[:count // 2 + 1]
        audio = np.fft.irfft(spectrum, count) * (count / len(audio))
    return (np.clip(audio, -1.0, 1.0) * 32767).round().astype('<i2').tobytes()


def make_request(args):
    request = cosyvoice_pb2.Request()
    if args.mode == 'sft':
        request.sft_request.spk_id = args.spk_id
        request.sft_request.tts_text = args.tts_text
    elif args.mode == 'zero_shot':
        request.zero_shot_request.tts_text = args.tts_text
        request.zero_shot_request.prompt_text = args.prompt_text
        request.zero_shot_request.prompt_audio = prompt_pcm16(args.prompt_wav)
    elif args.mode == 'cross_lingual':
        request.cross_lingual_request.tts_text = args.tts_text
        request.cross_lingual_request.prompt_audio = prompt_pcm16(args.prompt_wav)
    else:
        request.instruct_request.tts_text = args.tts_text
        request.instruct_request.spk_id = args.spk_id
        request.instruct_request.instruct_text = args.instruct_text
    return request


def sample_rate(call):
    stated = dict(call.initial_metadata()).get('x-sample-rate', '')
    if stated.isdigit() and int(stated) > 0:
        return int(stated)
    print('warning: the server sent no x-sample-rate; assuming {} Hz'.format(FALLBACK_SAMPLE_RATE), file=sys.stderr)
    return FALLBACK_SAMPLE_RATE


def save(call, path):
    """Writes each message's int16 PCM to a WAV as it arrives; returns (seconds, rate)."""
    # The first message (or the call's failure) comes before the file is opened, so a refused call leaves no file.
    first = next(call, None)
    rate = sample_rate(call)
    samples = 0
    try:
        with soundfile.SoundFile(path, 'w', samplerate=rate, channels=1, subtype='PCM_16', format='WAV') as wav:
            for response in itertools.chain([first] if first is not None else [], call):
                pcm = np.frombuffer(response.tts_audio, dtype='<i2')
                wav.write(pcm)
                samples += len(pcm)
    except grpc.RpcError:
        # The call failed after the audio began: leave no short file behind.
        os.remove(path)
        raise
    return samples / rate, rate


def main(argv=None):
    args = parse_args(argv)
    try:
        request = make_request(args)
    except (OSError, soundfile.LibsndfileError) as error:
        print('error: cannot read --prompt_wav {}: {}'.format(args.prompt_wav, error), file=sys.stderr)
        return 2
    try:
        with grpc.insecure_channel('{}:{}'.format(args.host, args.port)) as channel:
            call = cosyvoice_pb2_grpc.CosyVoiceStub(channel).Inference(request)
            seconds, rate = save(call, args.tts_wav)
    except grpc.RpcError as error:
        print('error: {}: {}'.format(error.code().name, error.details()), file=sys.stderr)
        return 1
    print('{}: {:.2f} s at {} Hz'.format(args.tts_wav, seconds, rate))
    return 0


if __name__ == '__main__':
    sys.exit(main())
