"""Transcribes each sentence synthesised whole and with the streamed first-segment cut; see scripts/bench-asr."""
import argparse
import json
import re
import sys
import urllib.request

from pocketsphinx import Decoder

RATE = 16000


def synthesise(url, speaker, text, stream):
    body = json.dumps({"tts_text": text, "spk_id": speaker, "stream": stream, "seed": 7, "sample_rate": RATE}).encode()
    request = urllib.request.Request(url + "/tts/pcm", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        rate = int(response.headers["X-Sample-Rate"])
        if rate != RATE:
            sys.exit(f"server answered at {rate} Hz, asked for {RATE}")
        return response.read()


def words(text):
    return re.sub(r"[^a-z' ]", " ", text.lower()).split()


def errors(reference, hypothesis):
    """Word-level edit distance."""
    previous = list(range(len(hypothesis) + 1))
    for i, r in enumerate(reference, 1):
        current = [i]
        for j, h in enumerate(hypothesis, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h)))
        previous = current
    return previous[-1]


def transcribe(decoder, pcm):
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
    return decoder.hyp().hypstr if decoder.hyp() else ""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--speaker", required=True)
    parser.add_argument("--sentences", required=True)
    args = parser.parse_args()
    sentences = [line.strip() for line in open(args.sentences, encoding="utf-8") if line.strip()]
    decoder = Decoder(samprate=RATE, loglevel="FATAL")

    totals = {"whole": 0, "cut": 0}
    reference_words = 0
    fewer = 0
    print(f"{'sentence':<52} {'whole':>5} {'cut':>5}   (word errors; hypotheses below when they differ)")
    for sentence in sentences:
        reference = words(sentence)
        reference_words += len(reference)
        row = {}
        hypotheses = {}
        for name, stream in (("whole", False), ("cut", True)):
            hypothesis = transcribe(decoder, synthesise(args.url, args.speaker, sentence, stream))
            hypotheses[name] = hypothesis
            row[name] = errors(reference, words(hypothesis))
            totals[name] += row[name]
        fewer += row["cut"] > row["whole"]
        print(f"{sentence[:52]:<52} {row['whole']:>5} {row['cut']:>5}")
        if hypotheses["whole"] != hypotheses["cut"]:
            print(f"    whole: {hypotheses['whole']}\n    cut:   {hypotheses['cut']}")
    whole_wer = totals["whole"] / reference_words
    cut_wer = totals["cut"] / reference_words
    print(f"\n{len(sentences)} sentences, {reference_words} words")
    print(f"word error rate: whole {whole_wer:.3f}, cut {cut_wer:.3f}; sentences where the cut lost words: {fewer}")
    print(json.dumps({"sentences": len(sentences), "words": reference_words, "whole_wer": round(whole_wer, 4),
                      "cut_wer": round(cut_wer, 4), "cut_worse": fewer}))


if __name__ == "__main__":
    main()
