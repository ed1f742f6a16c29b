import CLame
import Foundation
import Synchronization

/// LAME fills process-wide lookup tables while it sets an encoder up; one set-up at a time keeps those writes
/// from racing when several responses start together.
private let lameSetup = Mutex(())

/// One continuous MP3 stream (mono, CBR) from libmp3lame — the wrapper that owns the LAME handle.
///
/// A response gets one instance, so the body is a single stream with no per-chunk headers or seams. No
/// Xing/LAME info tag is written: it would have to be patched at the start after the end is known, which a
/// stream cannot do. Input is buffered and fed to LAME at least 100 ms at a time.
public final class MP3Encoder: AudioEncoding {
    /// Sample rates in Hz an MP3 stream can carry (MPEG-1, -2 and -2.5).
    public static let supportedSampleRates = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000]
    /// Default constant bit rate in kbit/s.
    public static let defaultBitrate = 64

    /// Rate in Hz of the chunks and of the stream: the requested rate if MP3 supports it, else the next
    /// higher supported rate (``AudioFormat/wireRate(for:)`` plans chunks at that rate).
    public let sampleRate: Int
    /// kbit/s.
    public let bitrate: Int
    private let lame: OpaquePointer
    private var pending: [Float] = []
    private var finished = false

    /// - Parameters:
    ///   - sampleRate: rate in Hz of the chunks that will arrive (e.g. 22050), one MP3 supports
    ///   - bitrate: constant bit rate in kbit/s (e.g. 64)
    public init(sampleRate: Int, bitrate: Int = MP3Encoder.defaultBitrate) {
        let output = Self.supportedRate(atLeast: sampleRate)
        let lame = lameSetup.withLock { _ -> OpaquePointer in
            guard let lame = lame_init() else { preconditionFailure("lame_init failed (out of memory)") }
            lame_set_num_channels(lame, 1)
            lame_set_in_samplerate(lame, Int32(output))
            lame_set_out_samplerate(lame, Int32(output))  // otherwise LAME picks its own rate for the bit rate
            lame_set_mode(lame, MONO)
            lame_set_VBR(lame, vbr_off)
            lame_set_brate(lame, Int32(bitrate))
            lame_set_bWriteVbrTag(lame, 0)
            let status = lame_init_params(lame)
            precondition(status >= 0, "LAME rejected \(bitrate) kbit/s at \(output) Hz (status \(status))")
            return lame
        }
        self.lame = lame
        self.bitrate = bitrate
        self.sampleRate = output
    }

    deinit { lame_close(lame) }

    /// The smallest MP3 rate ≥ `rate` Hz (48000 for anything above).
    public static func supportedRate(atLeast rate: Int) -> Int {
        supportedSampleRates.smallestRate(atLeast: rate)
    }

    public func encode(_ chunk: AudioChunk) -> Data {
        guard !finished else { return Data() }
        assert(chunk.sampleRate == sampleRate, "chunks arrive at the planned wire rate")
        pending += chunk.samples
        // Fewer, larger calls: LAME works in 1152-sample frames and small calls cost per-call overhead.
        guard pending.count >= sampleRate / 10 else { return Data() }
        defer { pending.removeAll(keepingCapacity: true) }
        return feed(pending)
    }

    public func finish() -> Data {
        guard !finished else { return Data() }
        finished = true
        var out = feed(pending)
        pending = []
        var buffer = [UInt8](repeating: 0, count: 7200)  // LAME's documented worst case for a flush
        let written = buffer.withUnsafeMutableBufferPointer { lame_encode_flush(lame, $0.baseAddress, Int32($0.count)) }
        if written > 0 { out.append(contentsOf: buffer[0..<Int(written)]) }
        return out
    }

    private func feed(_ samples: [Float]) -> Data {
        guard !samples.isEmpty else { return Data() }
        let clipped = samples.map(\.clippedToFullScale)
        var buffer = [UInt8](repeating: 0, count: samples.count * 5 / 4 + 7200)  // bound from lame.h
        let written = clipped.withUnsafeBufferPointer { pcm in
            buffer.withUnsafeMutableBufferPointer { mp3 in
                // Mono: LAME reads only the left channel.
                lame_encode_buffer_ieee_float(lame, pcm.baseAddress, pcm.baseAddress, Int32(pcm.count), mp3.baseAddress, Int32(mp3.count))
            }
        }
        return written > 0 ? Data(buffer[0..<Int(written)]) : Data()
    }
}
