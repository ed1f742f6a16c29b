import Foundation
import SwiftProtobuf
import TritonProtocol

/// The CosyVoice deployments' tensors on the KServe v2 wire (identical for `cosyvoice2`, `cosyvoice2_dit` and
/// `cosyvoice3`): every tensor has a leading batch dimension of 1 (`max_batch_size` > 0), and the data goes in
/// `raw_input_contents`, one entry per input in the order of `inputs`, little-endian.
enum TritonTensors {
    static let referenceWav = "reference_wav"
    static let referenceWavLength = "reference_wav_len"
    static let referenceText = "reference_text"
    static let targetText = "target_text"
    static let waveform = "waveform"
    /// Rate of `reference_wav`.
    static let referenceSampleRate = 16000
    /// Rate of `waveform`.
    static let waveformSampleRate = 24000

    /// The inputs a deployment must declare, with their wire datatypes, and its output.
    static let requiredInputs = [referenceWav: "FP32", referenceWavLength: "INT32", referenceText: "BYTES", targetText: "BYTES"]
    static let requiredOutput = (name: waveform, datatype: "FP32")

    /// One segment's request. With a reference, its 16 kHz audio, length and transcript go too — the transcript
    /// always, empty when unknown (the cosyvoice2 model fails without it). Without, the model speaks in its
    /// built-in voice.
    static func request(id: String, model: String, text: String, reference: (samples: [Float], transcript: String)?) -> Inference_ModelInferRequest {
        var request = Inference_ModelInferRequest()
        request.modelName = model
        request.id = id
        // The models end each request with an empty, flag-only final response; without this parameter Triton
        // drops it and the client never learns that the request ended.
        var final = Inference_InferParameter()
        final.boolParam = true
        request.parameters["triton_enable_empty_final_response"] = final
        if let reference {
            request.inputs.append(tensor(referenceWav, "FP32", shape: [1, Int64(reference.samples.count)]))
            request.rawInputContents.append(reference.samples.withUnsafeBufferPointer { Data(buffer: $0) })
            request.inputs.append(tensor(referenceWavLength, "INT32", shape: [1, 1]))
            var length = Int32(reference.samples.count).littleEndian
            request.rawInputContents.append(Data(bytes: &length, count: 4))
            request.inputs.append(tensor(referenceText, "BYTES", shape: [1, 1]))
            request.rawInputContents.append(bytesElement(reference.transcript))
        }
        request.inputs.append(tensor(targetText, "BYTES", shape: [1, 1]))
        request.rawInputContents.append(bytesElement(text))
        return request
    }

    private static func tensor(_ name: String, _ datatype: String, shape: [Int64]) -> Inference_ModelInferRequest.InferInputTensor {
        var tensor = Inference_ModelInferRequest.InferInputTensor()
        tensor.name = name
        tensor.datatype = datatype
        tensor.shape = shape
        return tensor
    }

    /// A BYTES element: its length as 4 bytes little-endian, then the bytes.
    static func bytesElement(_ string: String) -> Data {
        let utf8 = Data(string.utf8)
        var length = UInt32(utf8.count).littleEndian
        var data = Data(bytes: &length, count: 4)
        data.append(utf8)
        return data
    }

    /// The waveform samples of one response; empty for the flag-only final response. Nil when the response
    /// has no `waveform` output, or one that is not FP32.
    static func waveformSamples(of response: Inference_ModelInferResponse) -> [Float]? {
        guard let index = response.outputs.firstIndex(where: { $0.name == waveform }) else {
            return response.outputs.isEmpty ? [] : nil
        }
        let output = response.outputs[index]
        guard output.datatype == "FP32" else { return nil }
        if index < response.rawOutputContents.count {
            let raw = response.rawOutputContents[index]
            guard raw.count % 4 == 0 else { return nil }
            return raw.withUnsafeBytes { bytes in
                (0..<raw.count / 4).map { Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
            }
        }
        return output.contents.fp32Contents
    }

    /// Whether this response is the request's last (`triton_final_response`).
    static func isFinal(_ response: Inference_ModelInferResponse) -> Bool {
        response.parameters["triton_final_response"]?.boolParam ?? false
    }
}
