#!/usr/bin/env python3
"""Calls the basic form API (/inference_<mode>) like CosyVoice's runtime/python/fastapi/client.py and saves a WAV.

Same flags and defaults as the reference client, and like it this sends a GET with a form body (multipart when
a prompt file goes along). Unlike it, the WAV is written at the rate the server states in X-Sample-Rate
(22050 Hz when a server states none, the rate the reference client assumes), chunk by chunk as the audio
arrives, and an HTTP error prints the server's message and exits with status 1.

    python rest_client.py --port 50000 --mode sft --spk_id 英文男 --tts_text "Hello there." --tts_wav out.wav
"""
import argparse
import os
import sys

import numpy as np
import requests
import soundfile

# The rate the reference clients hard-code; used only when the server states no rate.
FALLBACK_SAMPLE_RATE = 22050
# The shared prompt recording, beside the repository (the reference client uses ../../../asset/zero_shot_prompt.wav).
DEFAULT_PROMPT_WAV = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../shared/fixtures/zero_shot_prompt.wav'))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--host', type=str, default='0.0.0.0')
    parser.add_argument('--port', type=int, default=50000)
    parser.add_argument('--mode', default='sft', choices=['sft', 'zero_shot', 'cross_lingual', 'instruct', 'instruct2'],
                        help='request mode (instruct2: the instruction steers a voice matched to --prompt_wav)')
    parser.add_argument('--tts_text', type=str, default='你好，我是通义千问语音合成大模型，请问有什么可以帮您的吗？')
    parser.add_argument('--spk_id', type=str, default='中文女')
    parser.add_argument('--prompt_text', type=str, default='希望你以后能够做的比我还好呦。')
    parser.add_argument('--prompt_wav', type=str, default=DEFAULT_PROMPT_WAV)
    parser.add_argument('--instruct_text', type=str,
                        default="Theo 'Crimson', is a fiery, passionate rebel leader. "
                                'Fights with fervor for justice, but struggles with impulsiveness.')
    parser.add_argument('--tts_wav', type=str, default='demo.wav')
    return parser.parse_args(argv)


def form(args):
    """The mode's fields and, for the prompt modes, the prompt file, as the reference client sends them."""
    fields = {'tts_text': args.tts_text}
    if args.mode in ('sft', 'instruct'):
        fields['spk_id'] = args.spk_id
    if args.mode == 'zero_shot':
        fields['prompt_text'] = args.prompt_text
    if args.mode in ('instruct', 'instruct2'):
        fields['instruct_text'] = args.instruct_text
    if args.mode not in ('zero_shot', 'cross_lingual', 'instruct2'):
        return fields, None
    with open(args.prompt_wav, 'rb') as prompt:
        return fields, [('prompt_wav', ('prompt_wav', prompt.read(), 'application/octet-stream'))]


def error_message(response):
    """The server's own words: FastAPI's {"detail": "..."} or its list of field errors, else the raw body."""
    try:
        detail = response.json()['detail']
    except (ValueError, KeyError, TypeError):
        return response.text.strip() or response.reason
    if isinstance(detail, list):
        return '; '.join('{}: {}'.format('.'.join(str(part) for part in item.get('loc', [])), item.get('msg', ''))
                         for item in detail)
    return str(detail)


def sample_rate(response):
    stated = response.headers.get('X-Sample-Rate', '')
    if stated.isdigit() and int(stated) > 0:
        return int(stated)
    print('warning: the server stated no X-Sample-Rate; assuming {} Hz'.format(FALLBACK_SAMPLE_RATE), file=sys.stderr)
    return FALLBACK_SAMPLE_RATE


def save(response, path):
    """Writes the streamed int16 PCM to a WAV as it arrives; returns (seconds, rate)."""
    rate = sample_rate(response)
    samples = 0
    pending = b''  # a chunk may end in the middle of a sample
    try:
        with soundfile.SoundFile(path, 'w', samplerate=rate, channels=1, subtype='PCM_16', format='WAV') as wav:
            for chunk in response.iter_content(chunk_size=16000):
                pending += chunk
                whole = len(pending) - len(pending) % 2
                if whole:
                    wav.write(np.frombuffer(pending[:whole], dtype='<i2'))
                    samples += whole // 2
                    pending = pending[whole:]
    except requests.RequestException:
        # The server ended the body abnormally (a failure after the audio began): leave no short file behind.
        os.remove(path)
        raise
    return samples / rate, rate


def main(argv=None):
    args = parse_args(argv)
    host = '[{}]'.format(args.host) if ':' in args.host else args.host
    url = 'http://{}:{}/inference_{}'.format(host, args.port, args.mode)
    try:
        fields, files = form(args)
    except OSError as error:
        print('error: cannot read --prompt_wav {}: {}'.format(args.prompt_wav, error.strerror), file=sys.stderr)
        return 2
    try:
        with requests.request('GET', url, data=fields, files=files, stream=True, timeout=(10, 300)) as response:
            if response.status_code != 200:
                print('error: HTTP {}: {}'.format(response.status_code, error_message(response)), file=sys.stderr)
                return 1
            seconds, rate = save(response, args.tts_wav)
    except requests.RequestException as error:
        print('error: {}: {}'.format(url, error), file=sys.stderr)
        return 1
    print('{}: {:.2f} s at {} Hz'.format(args.tts_wav, seconds, rate))
    return 0


if __name__ == '__main__':
    sys.exit(main())
