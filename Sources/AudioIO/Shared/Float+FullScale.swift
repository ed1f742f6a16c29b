extension Float {
    /// The sample as a listener gets it: NaN becomes 0 and anything outside [-1, 1] (±∞ included) saturates
    /// at full scale. Encoders, the prompt decoder and the analysers all apply this one rule.
    @inlinable
    public var clippedToFullScale: Float {
        isNaN ? 0 : Swift.min(Swift.max(self, -1), 1)
    }
}
