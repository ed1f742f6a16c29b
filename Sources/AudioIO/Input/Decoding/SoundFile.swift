import CSndfile
import Foundation

/// The one wrapper around libsndfile: reads sound files held in memory block by block and writes whole ones.
///
/// libsndfile talks to storage through C callbacks that cannot capture Swift state, so the bytes live in a
/// `MemoryFile` object handed to the callbacks as an unretained `user_data` pointer. All pointer and `Unmanaged`
/// work in AudioIO's libsndfile use stays in this file.
enum SoundFile {
    /// Containers this module can write.
    enum Container {
        case wav, flac, oggVorbis, oggOpus

        var format: Int32 {
            switch self {
            case .wav: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
            case .flac: Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
            case .oggVorbis: Int32(SF_FORMAT_OGG | SF_FORMAT_VORBIS)
            case .oggOpus: Int32(SF_FORMAT_OGG | SF_FORMAT_OPUS)
            }
        }
    }

    /// An open file, decoded on demand (any format libsndfile recognises from the bytes; the name never
    /// matters). It keeps the bytes and the libsndfile handle alive together and closes the handle when released.
    ///
    /// The header's frame count is not exposed: hostile files zero it or inflate it, and for MP3 it is an
    /// estimate, so the only length that counts is what ``read(into:frames:)`` actually returns.
    final class Reader {
        /// Channels the header declares (≥ 1).
        let channels: Int
        /// Sample rate in Hz the header declares (≥ 1).
        let sampleRate: Int
        private let file: MemoryFile
        private let handle: OpaquePointer

        init(_ data: Data) throws(AudioError) {
            let file = MemoryFile(data)
            var info = SF_INFO()
            var io = MemoryFile.callbacks
            // libsndfile copies `io`; `file` outlives the handle because this object owns both.
            guard let handle = sf_open_virtual(&io, Int32(SFM_READ), &info, Unmanaged.passUnretained(file).toOpaque()) else {
                // With no handle libsndfile only has its process-wide last error; good enough for a message.
                throw .undecodable(String(cString: sf_strerror(nil)))
            }
            guard info.channels > 0, info.samplerate > 0 else {
                sf_close(handle)
                throw .undecodable("the file declares \(info.channels) channels at \(info.samplerate) Hz")
            }
            self.file = file
            self.handle = handle
            channels = Int(info.channels)
            sampleRate = Int(info.samplerate)
        }

        deinit { sf_close(handle) }

        /// Decodes the next `frames` frames (or fewer at the end) into `buffer`, interleaved, nominally in [-1, 1].
        ///
        /// - Precondition: `buffer` holds at least `frames × channels` floats.
        /// - Returns: the number of frames decoded; 0 at the end of the audio.
        /// - Throws: ``AudioError/undecodable(_:)`` when libsndfile stops on an error rather than at the end.
        func read(into buffer: UnsafeMutableBufferPointer<Float>, frames: Int) throws(AudioError) -> Int {
            precondition(buffer.count >= frames * channels)
            let got = sf_readf_float(handle, buffer.baseAddress, sf_count_t(frames))
            if got > 0 { return Int(got) }
            if sf_error(handle) != Int32(SF_ERR_NO_ERROR) { throw .undecodable(String(cString: sf_strerror(handle))) }
            return 0
        }
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
///
/// Offsets come from file headers a client wrote, so seeks are overflow-checked and reads past the end return
/// nothing.
private final class MemoryFile {
    var data: Data
    var position = 0

    init(_ data: Data) {
        // Rebase so indices start at 0 even when `data` is a slice (a slice of a request body, for example).
        self.data = data.startIndex == 0 ? data : Data(data)
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
            let (target, overflow) = base.addingReportingOverflow(Int(offset))
            guard !overflow, target >= 0 else { return -1 }
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
