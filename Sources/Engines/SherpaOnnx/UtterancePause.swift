/// The silence a sherpa-onnx voice appends to each utterance of a segment (the models end utterances without
/// one): its sentence pause after an utterance that ends a sentence, unless it is the segment's last and the
/// segment stops mid-sentence; its clause pause between other utterances; nothing after the last one.
struct UtterancePause {
    var sentence: Double
    var clause: Double

    /// Samples of silence after utterance `index` of `count`, at `speed` (a faster voice pauses shorter).
    func samples(after index: Int, of count: Int, endsSentence: Bool, segmentEndsSentence: Bool,
                 speed: Float, sampleRate: Int) -> Int {
        let isLast = index == count - 1
        let seconds = endsSentence && (!isLast || segmentEndsSentence) ? sentence : isLast ? 0 : clause
        return Int(seconds / Double(speed) * Double(sampleRate))
    }
}
