extension AudioChunk {
    /// The chunk with every sample ``Swift/Float/clippedToFullScale``: what the analysers measure, so NaN or ±∞
    /// from an engine or a float file cannot turn a measurement into NaN or ∞.
    func clippedToFullScale() -> AudioChunk {
        AudioChunk(samples: samples.map(\.clippedToFullScale), sampleRate: sampleRate)
    }
}
