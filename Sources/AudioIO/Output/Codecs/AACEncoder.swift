import CAVCodec
import Foundation

/// libav* logs to stderr by default; the server logs through its own handler, and an encoder has nothing to
/// report that its return codes do not. Set once, before the first encoder opens.
private let libavQuiet: Void = av_log_set_level(AV_LOG_QUIET)

/// One AAC-LC stream (mono) in ADTS from libavcodec's native "aac" encoder — the wrapper that owns the codec
/// context.
///
/// ADTS puts a 7-byte header before every 1024-sample frame, so the stream needs no global header and can be
/// played from any frame, as a response body read while it arrives must be. The encoder primes 1024 samples of
/// delay; ADTS has nowhere to say so, so decoders play them as a short silence before the speech.
public final class AACEncoder: AudioEncoding {
    /// Sample rates in Hz an ADTS stream can carry and decoders commonly accept (ISO 14496-3 frequency indices
    /// 3…11).
    public static let supportedSampleRates = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000]
    /// Default bit rate in kbit/s, as for MP3.
    public static let defaultBitrate = 64
    /// Samples in one AAC-LC frame.
    public static let frameSize = 1024

    /// Rate in Hz of the chunks and of the stream, one of ``supportedSampleRates``.
    public let sampleRate: Int
    /// kbit/s.
    public let bitrate: Int
    private let context: UnsafeMutablePointer<AVCodecContext>
    private let frame: UnsafeMutablePointer<AVFrame>
    private let packet: UnsafeMutablePointer<AVPacket>
    private var pending: [Float] = []
    private var samplesSent: Int64 = 0
    private var finished = false

    /// - Parameters:
    ///   - sampleRate: rate in Hz of the chunks that will arrive (e.g. 24000), one ADTS supports
    ///   - bitrate: average bit rate in kbit/s (e.g. 64)
    public init(sampleRate: Int, bitrate: Int = AACEncoder.defaultBitrate) {
        _ = libavQuiet
        let rate = Self.supportedRate(atLeast: sampleRate)
        guard let codec = avcodec_find_encoder_by_name("aac") else { preconditionFailure("libavcodec has no native AAC encoder") }
        guard let context = avcodec_alloc_context3(codec), let frame = av_frame_alloc(), let packet = av_packet_alloc() else {
            preconditionFailure("libavcodec allocation failed (out of memory)")
        }
        context.pointee.sample_fmt = AV_SAMPLE_FMT_FLTP  // the only input the native encoder takes
        context.pointee.sample_rate = Int32(rate)
        av_channel_layout_default(&context.pointee.ch_layout, 1)
        context.pointee.bit_rate = Int64(bitrate * 1000)
        context.pointee.profile = FF_PROFILE_AAC_LOW
        let status = avcodec_open2(context, codec, nil)
        precondition(status == 0, "libavcodec refused AAC-LC at \(rate) Hz, \(bitrate) kbit/s: \(Self.describe(status))")
        precondition(Int(context.pointee.frame_size) == Self.frameSize, "AAC-LC frames are 1024 samples")

        frame.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
        frame.pointee.sample_rate = Int32(rate)
        frame.pointee.nb_samples = Int32(Self.frameSize)
        av_channel_layout_copy(&frame.pointee.ch_layout, &context.pointee.ch_layout)
        let buffered = av_frame_get_buffer(frame, 0)
        precondition(buffered == 0, "libavcodec could not allocate a frame: \(Self.describe(buffered))")

        self.context = context
        self.frame = frame
        self.packet = packet
        self.sampleRate = rate
        self.bitrate = bitrate
    }

    deinit {
        var context: UnsafeMutablePointer<AVCodecContext>? = context
        var frame: UnsafeMutablePointer<AVFrame>? = frame
        var packet: UnsafeMutablePointer<AVPacket>? = packet
        avcodec_free_context(&context)
        av_frame_free(&frame)
        av_packet_free(&packet)
    }

    /// The smallest ADTS rate ≥ `rate` Hz (48000 for anything above).
    public static func supportedRate(atLeast rate: Int) -> Int {
        supportedSampleRates.smallestRate(atLeast: rate)
    }

    public func encode(_ chunk: AudioChunk) -> Data {
        guard !finished else { return Data() }
        assert(chunk.sampleRate == sampleRate, "chunks arrive at the planned wire rate")
        pending += chunk.samples
        var out = Data()
        var start = 0
        while pending.count - start >= Self.frameSize {
            out += send(pending[start..<start + Self.frameSize])
            start += Self.frameSize
        }
        pending.removeFirst(start)
        return out
    }

    public func finish() -> Data {
        guard !finished else { return Data() }
        finished = true
        // The native encoder takes a short last frame, so the tail needs no padding here.
        var out = pending.isEmpty ? Data() : send(pending[...])
        pending = []
        // A NULL frame drains the encoder: its lookahead still holds the last frames.
        let status = avcodec_send_frame(context, nil)
        precondition(status == 0, "libavcodec refused to drain: \(Self.describe(status))")
        out += receivePackets()
        return out
    }

    /// Codes one frame of at most ``frameSize`` samples and returns the ADTS frames that are ready.
    private func send(_ samples: ArraySlice<Float>) -> Data {
        // The encoder may still reference the last frame's buffer; this gives a fresh one if it does.
        let writable = av_frame_make_writable(frame)
        precondition(writable == 0, "libavcodec could not reuse its frame: \(Self.describe(writable))")
        frame.pointee.nb_samples = Int32(samples.count)
        frame.pointee.pts = samplesSent
        guard let plane = frame.pointee.data.0 else { preconditionFailure("an allocated frame has a plane") }
        plane.withMemoryRebound(to: Float.self, capacity: samples.count) { out in
            for (i, sample) in samples.enumerated() { out[i] = sample.clippedToFullScale }
        }
        samplesSent += Int64(samples.count)
        let status = avcodec_send_frame(context, frame)
        precondition(status == 0, "libavcodec refused a frame: \(Self.describe(status))")
        return receivePackets()
    }

    private func receivePackets() -> Data {
        var out = Data()
        while true {
            let status = avcodec_receive_packet(context, packet)
            if status == cosyvoice_averror_again || status == cosyvoice_averror_eof { return out }
            precondition(status == 0, "libavcodec failed to encode: \(Self.describe(status))")
            let size = Int(packet.pointee.size)
            out += Self.adtsHeader(payloadBytes: size, sampleRate: sampleRate)
            if let bytes = packet.pointee.data { out.append(bytes, count: size) }
            av_packet_unref(packet)
        }
    }

    /// The 7-byte ADTS header (MPEG-4, no CRC, AAC-LC, mono) for one frame of `payloadBytes`.
    static func adtsHeader(payloadBytes: Int, sampleRate: Int) -> Data {
        // Frequency indices from ISO 14496-3 table 1.18.
        let indices = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350]
        guard let frequencyIndex = indices.firstIndex(of: sampleRate) else { preconditionFailure("\(sampleRate) Hz has no ADTS index") }
        let length = payloadBytes + 7  // the frame length counts the header
        let profile = 1  // audio object type 2 (AAC-LC) minus one
        let channels = 1
        return Data([
            0xFF,
            0xF1,  // sync continued, MPEG-4, layer 0, no CRC
            UInt8(profile << 6 | frequencyIndex << 2 | channels >> 2),
            UInt8((channels & 3) << 6 | (length >> 11) & 0x3),
            UInt8((length >> 3) & 0xFF),
            UInt8((length & 0x7) << 5 | 0x1F),  // buffer fullness 0x7FF: variable bit rate
            0xFC,  // fullness continued; one raw data block
        ])
    }

    private static func describe(_ status: Int32) -> String {
        var text = [CChar](repeating: 0, count: 128)
        return text.withUnsafeMutableBufferPointer { buffer in
            av_strerror(status, buffer.baseAddress, buffer.count)
            return String(cString: buffer.baseAddress!)
        }
    }
}
