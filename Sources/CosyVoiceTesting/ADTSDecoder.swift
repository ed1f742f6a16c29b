import AudioIO
import CAVCodec
import Foundation

/// Decodes an AAC stream in ADTS with libavcodec's "aac" decoder, so tests can hear what the AAC format sends.
/// libsndfile, which decodes every other format, does not read AAC.
public enum ADTSDecoder {
    public enum Failure: Error, CustomStringConvertible {
        /// Bytes at `offset` are not an ADTS frame header, or a frame runs past the end.
        case notADTS(offset: Int)
        /// libavcodec refused a frame.
        case decoder(String)

        public var description: String {
            switch self {
            case .notADTS(let offset): "no ADTS frame at byte \(offset)"
            case .decoder(let message): "libavcodec: \(message)"
            }
        }
    }

    /// The ADTS frames of `data`: each 7-byte header with the payload its 13-bit length covers.
    public static func frames(_ data: Data) throws(Failure) -> [Data] {
        let bytes = [UInt8](data)
        var frames: [Data] = []
        var offset = 0
        while offset < bytes.count {
            guard offset + 7 <= bytes.count, bytes[offset] == 0xFF, bytes[offset + 1] & 0xF0 == 0xF0 else { throw .notADTS(offset: offset) }
            let length = Int(bytes[offset + 3] & 0x3) << 11 | Int(bytes[offset + 4]) << 3 | Int(bytes[offset + 5]) >> 5
            guard length >= 7, offset + length <= bytes.count else { throw .notADTS(offset: offset) }
            frames.append(Data(bytes[offset..<offset + length]))
            offset += length
        }
        return frames
    }

    /// All of `data` as mono samples at the stream's rate.
    public static func decode(_ data: Data) throws(Failure) -> AudioChunk {
        av_log_set_level(AV_LOG_QUIET)
        guard let codec = avcodec_find_decoder(AV_CODEC_ID_AAC) else { throw .decoder("no AAC decoder") }
        var context = avcodec_alloc_context3(codec)
        var frame = av_frame_alloc()
        var packet = av_packet_alloc()
        defer {
            avcodec_free_context(&context)
            av_frame_free(&frame)
            av_packet_free(&packet)
        }
        guard let context, let frame, let packet else { throw .decoder("out of memory") }
        // No extradata: the decoder takes its configuration from each ADTS header.
        guard avcodec_open2(context, codec, nil) == 0 else { throw .decoder("cannot open the AAC decoder") }

        var samples: [Float] = []
        var sampleRate = 0
        func receive() throws(Failure) {
            while true {
                let status = avcodec_receive_frame(context, frame)
                if status == cosyvoice_averror_again || status == cosyvoice_averror_eof { return }
                guard status == 0 else { throw .decoder("decoding failed (\(status))") }
                sampleRate = Int(frame.pointee.sample_rate)
                let count = Int(frame.pointee.nb_samples)
                guard frame.pointee.format == AV_SAMPLE_FMT_FLTP.rawValue, let plane = frame.pointee.data.0 else {
                    throw .decoder("unexpected sample format \(frame.pointee.format)")
                }
                plane.withMemoryRebound(to: Float.self, capacity: count) { samples += UnsafeBufferPointer(start: $0, count: count) }
                av_frame_unref(frame)
            }
        }
        for adts in try frames(data) {
            guard av_new_packet(packet, Int32(adts.count)) == 0, let payload = packet.pointee.data else { throw .decoder("out of memory") }
            adts.copyBytes(to: payload, count: adts.count)
            let status = avcodec_send_packet(context, packet)
            av_packet_unref(packet)
            guard status == 0 else { throw .decoder("refused a frame (\(status))") }
            try receive()
        }
        _ = avcodec_send_packet(context, nil)
        try receive()
        return AudioChunk(samples: samples, sampleRate: sampleRate)
    }
}
