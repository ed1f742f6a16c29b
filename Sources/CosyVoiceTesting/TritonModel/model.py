"""A stand-in for the CosyVoice2 Triton deployment (its top-level Python-backend model), for the tests.

Same tensors, decoupled like the real one: several `waveform` responses per request (24 kHz FP32), then an
empty final response. It speaks the target text with espeak-ng instead of CosyVoice2, and records what each
request carried to a JSON file in `record_dir`, so the tests can check what reached the model.

Target texts containing these words change its behaviour:
  MIDFAIL  one waveform response, then an error response
  STALL    one waveform response, then nothing until cancelled
  SLOW     responses 0.4 s apart, watching for cancellation
  LINGER   as SLOW, for a minute: long enough for a cancellation to arrive from a busy machine
  HANG     nothing at all until cancelled
"""

import io
import json
import os
import subprocess
import threading
import time
import uuid
import wave

import numpy as np
import triton_python_backend_utils as pb_utils


def _text(request, name):
    tensor = pb_utils.get_input_tensor_by_name(request, name)
    if tensor is None:
        return None
    value = tensor.as_numpy().reshape(-1)[0]
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _speech(text):
    """espeak-ng's reading of `text`, at 24 kHz, float32."""
    voice = "cmn" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"
    wav = subprocess.run(["espeak-ng", "--stdout", "-v", voice, text], check=True, capture_output=True).stdout
    with wave.open(io.BytesIO(wav)) as reader:
        rate = reader.getframerate()
        pcm = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
    times = np.arange(int(len(pcm) * 24000 / rate)) / 24000.0
    return np.interp(times, np.arange(len(pcm)) / rate, pcm).astype(np.float32)


def _dominant_frequency(samples, rate):
    if len(samples) < 2:
        return 0.0
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.argmax(spectrum[1:]) + 1) * rate / len(samples)


class TritonPythonModel:
    def initialize(self, args):
        config = json.loads(args["model_config"])
        self.record_dir = config["parameters"]["record_dir"]["string_value"]

    def execute(self, requests):
        # The inputs are read here (they are released when execute returns); each request is then served on a
        # thread of its own, as the deployment serves several streams at once.
        for request in requests:
            record = {"id": request.request_id(), "received": time.time()}
            record["target_text"] = _text(request, "target_text")
            record["reference_text"] = _text(request, "reference_text")
            wav = pb_utils.get_input_tensor_by_name(request, "reference_wav")
            length = pb_utils.get_input_tensor_by_name(request, "reference_wav_len")
            if wav is not None:
                samples = wav.as_numpy().reshape(-1).copy()
                record["reference_wav_shape"] = list(wav.as_numpy().shape)
                record["reference_wav_rms"] = float(np.sqrt(np.mean(samples.astype(np.float64) ** 2))) if len(samples) else 0.0
                record["reference_wav_frequency"] = _dominant_frequency(samples, 16000)
            if length is not None:
                record["reference_wav_len"] = int(length.as_numpy().reshape(-1)[0])
            threading.Thread(target=self._serve, args=(request, record), daemon=True).start()
        return None

    def _serve(self, request, record):
        sender = request.get_response_sender()
        target = record["target_text"]
        try:

            if "HANG" in target:
                while not request.is_cancelled():
                    time.sleep(0.05)
                record["cancelled"] = True
                record["responses"] = 0
                sender.send(flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)
                return
            audio = _speech(target)
            # A short first chunk (0.2 s, as the real model's first ≈ 18 tokens), then larger ones.
            first = min(len(audio), 4800)
            rest = 150 if "LINGER" in target else 6 if "SLOW" in target else 2
            cuts = [0, first] + [first + (len(audio) - first) * k // rest for k in range(1, rest + 1)]
            chunks = [audio[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]
            record["responses"] = 0
            for index, chunk in enumerate(chunks):
                if ("SLOW" in target or "LINGER" in target) and index > 0:
                    time.sleep(0.4)
                if request.is_cancelled():
                    record["cancelled"] = True
                    break
                waveform = pb_utils.Tensor("waveform", chunk.reshape(1, -1))
                sender.send(pb_utils.InferenceResponse(output_tensors=[waveform]))
                record["responses"] += 1
                if "MIDFAIL" in target:
                    sender.send(pb_utils.InferenceResponse(error=pb_utils.TritonError("synthesis failed on purpose")))
                    record["failed"] = True
                    break
                if "STALL" in target:
                    while not request.is_cancelled():
                        time.sleep(0.05)
                    record["cancelled"] = True
                    break
            sender.send(flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)
        except Exception as error:  # the test reads the record; Triton logs the rest
            record["exception"] = repr(error)
            sender.send(pb_utils.InferenceResponse(error=pb_utils.TritonError(repr(error))),
                        flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)
        finally:
            record["finished"] = time.time()
            path = os.path.join(self.record_dir, f"{uuid.uuid4()}.json")
            with open(path + ".tmp", "w") as out:
                json.dump(record, out)
            os.replace(path + ".tmp", path)
