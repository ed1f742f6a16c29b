import CSndfile
import Foundation

/// The one wrapper around libsndfile: reads and writes whole sound files held in memory.
///
/// libsndfile talks to storage through C callbacks that cannot capture Swift state, so the bytes live in a
/// `MemoryFile` object handed to the callbacks as an unretained `user_data` pointer. All pointer and `Unmanaged`
/// work in AudioIO's libsndfile use stays in this file.
enum SoundFile {
    /// Decoded interleaved audio.
    struct Decoded {
        /// Interleaved float samples, frames × channels, nominally in [-1, 1].
        var interleaved: [Float]
        var channels: Int
        /// Hz.
        var sampleRate: Int
    }

    /// Containers this module can write.
    enum Container {
        case wav, flac, oggVorbis

        var format: Int32 {
            switch self {
            case .wav: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
            case .flac: Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
            case .oggVorbis: Int32(SF_FORMAT_OGG | SF_FORMAT_VORBIS)
            }
        }
    }

    /// Decodes any format libsndfile recognises from the bytes themselves (the name never matters).
    static func read(_ data: Data) throws(AudioError) -> Decoded {
        let file = MemoryFile(data)
        var info = SF_INFO()
        var io = MemoryFile.callbacks
        let handle = withExtendedLifetime(file) {
            sf_open_virtual(&io, Int32(SFM_READ), &info, Unmanaged.passUnretained(file).toOpaque())
        }
        guard let handle else {
            // With no handle libsndfile only has its process-wide last error; good enough for a message.
            throw .undecodable(String(cString: sf_strerror(nil)))
        }
        defer { sf_close(handle) }
        guard info.channels > 0, info.samplerate > 0 else {
            throw .undecodable("the file declares \(info.channels) channels at \(info.samplerate) Hz")
        }
        let channels = Int(info.channels)
        // For MP3 `info.frames` is only an estimate, so read fixed blocks until libsndfile returns 0 frames.
        let blockFrames = 4096
        var block = [Float](repeating: 0, count: blockFrames * channels)
        var interleaved: [Float] = []
        if info.frames > 0, info.frames < Int64(Int32.max) { interleaved.reserveCapacity(Int(info.frames) * channels) }
        while true {
            let got = withExtendedLifetime(file) {
                block.withUnsafeMutableBufferPointer { sf_readf_float(handle, $0.baseAddress, sf_count_t(blockFrames)) }
            }
            if got <= 0 { break }
            interleaved.append(contentsOf: block[0..<(Int(got) * channels)])
        }
        if sf_error(handle) != Int32(SF_ERR_NO_ERROR) {
            throw .undecodable(String(cString: sf_strerror(handle)))
        }
        return Decoded(interleaved: interleaved, channels: channels, sampleRate: Int(info.samplerate))
    }

    /// Encodes interleaved samples (frames × channels) into a complete file.
    static func write(interleaved: [Float], channels: Int, sampleRate: Int, container: Container) throws(AudioError) -> Data {
        let file = MemoryFile(Data())
        var info = SF_INFO()
        info.channels = Int32(channels)
        info.samplerate = Int32(sampleRate)
        info.format = container.format
        var io = MemoryFile.callbacks
        try withExtendedLifetime(file) { () throws(AudioError) in
            guard let handle = sf_open_virtual(&io, Int32(SFM_WRITE), &info, Unmanaged.passUnretained(file).toOpaque()) else {
                throw .undecodable("cannot write \(container) at \(sampleRate) Hz × \(channels): " + String(cString: sf_strerror(nil)))
            }
            let frames = interleaved.count / max(channels, 1)
            let written = interleaved.withUnsafeBufferPointer { sf_writef_float(handle, $0.baseAddress, sf_count_t(frames)) }
            let message = written == frames ? nil : String(cString: sf_strerror(handle))
            sf_close(handle)  // finalises headers (sizes, FLAC STREAMINFO) through the seek/write callbacks
            if let message { throw .undecodable("short write: \(message)") }
        }
        return file.data
    }
}

/// A growable byte buffer with a cursor, shaped like the file libsndfile expects.
private final class MemoryFile {
    var data: Data
    var position = 0

    init(_ data: Data) {
        // Rebase so indices start at 0 even when `data` is a slice.
        self.data = Data(data)
    }

    static func from(_ userData: UnsafeMutableRawPointer?) -> MemoryFile {
        Unmanaged<MemoryFile>.fromOpaque(userData!).takeUnretainedValue()
    }

    static let callbacks = SF_VIRTUAL_IO(
        get_filelen: { userData in
            sf_count_t(MemoryFile.from(userData).data.count)
        },
        seek: { offset, whence, userData in
            let file = MemoryFile.from(userData)
            let base: Int
            switch whence {
            case SEEK_CUR: base = file.position
            case SEEK_END: base = file.data.count
            default: base = 0
            }
            let target = base + Int(offset)
            guard target >= 0 else { return -1 }
            file.position = target
            return sf_count_t(target)
        },
        read: { pointer, count, userData in
            let file = MemoryFile.from(userData)
            guard let pointer, count > 0, file.position < file.data.count else { return 0 }
            let n = min(Int(count), file.data.count - file.position)
            file.data.withUnsafeBytes { bytes in
                pointer.copyMemory(from: bytes.baseAddress! + file.position, byteCount: n)
            }
            file.position += n
            return sf_count_t(n)
        },
        write: { pointer, count, userData in
            let file = MemoryFile.from(userData)
            guard let pointer, count > 0 else { return 0 }
            let n = Int(count)
            let end = file.position + n
            if end > file.data.count { file.data.append(Data(count: end - file.data.count)) }
            file.data.withUnsafeMutableBytes { bytes in
                (bytes.baseAddress! + file.position).copyMemory(from: pointer, byteCount: n)
            }
            file.position = end
            return count
        },
        tell: { userData in
            sf_count_t(MemoryFile.from(userData).position)
        }
    )
}
