import Foundation

/// The bytes a C encoder has handed to its write callback and ``AudioEncoding/encode(_:)`` or
/// ``AudioEncoding/finish()`` has not returned yet.
///
/// libopusenc and libFLAC write through a callback with a context pointer; the encoder wrapper owns one of
/// these for the C encoder's lifetime and passes it unretained, so the callback never outlives it.
final class WrittenBytes {
    private var bytes = Data()

    /// The context pointer to give the C library.
    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// The instance behind a context pointer from ``context``.
    static func from(_ context: UnsafeRawPointer?) -> WrittenBytes {
        guard let context else { preconditionFailure("a write callback without its context") }
        return Unmanaged<WrittenBytes>.fromOpaque(context).takeUnretainedValue()
    }

    func append(_ pointer: UnsafePointer<UInt8>?, count: Int) {
        guard let pointer, count > 0 else { return }
        bytes.append(pointer, count: count)
    }

    /// Everything written since the last call.
    func take() -> Data {
        defer { bytes = Data() }
        return bytes
    }
}
