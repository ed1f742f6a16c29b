extension Array where Element == Int {
    /// The smallest of these ascending rates that is at least `rate` Hz, or the highest for anything above:
    /// the wire rate of a codec that only takes certain rates, so audio is resampled up, never down.
    func smallestRate(atLeast rate: Int) -> Int {
        first { $0 >= rate } ?? last!
    }
}
