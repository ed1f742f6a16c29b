import AudioIO
import Foundation

/// A real sound file made from fuzz bytes, so the decoders see well-formed containers with hostile headers
/// rather than mostly noise that fails the first magic-number check.
///
/// Input layout (missing bytes read as 0):
/// - byte 0: the container (WAV, FLAC, OGG/Vorbis, OGG/Opus, MP3); 1: channels (1–2); 2: the sample rate
///   (one of ``sampleRates``); 3: the length (1000–16000 frames of a 200 Hz tone, written with libsndfile, or
///   LAME for MP3);
/// - byte 4: which header fields to overwrite (bit 0 channels, bit 1 sample rate, bit 2 frame count), with
///   bytes 5–6 (channels), 7–10 (rate in Hz) and 11–14 (frames), little-endian;
/// - the rest: (offset, byte) patches of 3 bytes each, the offset little-endian and taken modulo the file size.
///
/// Ogg page checksums are recomputed last, so patches reach the Vorbis and Opus parsers instead of stopping at
/// libogg's checksum test.
struct PromptFile {
    /// Rates the base file is written at, in Hz.
    static let sampleRates = [8000, 16000, 22050, 24000, 44100, 48000]

    enum Container: CaseIterable {
        case wav, flac, oggVorbis, oggOpus, mp3
    }

    let data: Data

    /// Nil when the encoder refuses the chosen combination (Opus at 22050 Hz, say).
    init?(_ input: Data) {
        let input = [UInt8](input)
        func byte(_ index: Int) -> UInt8 { index < input.count ? input[index] : 0 }
        func integer(_ range: Range<Int>) -> UInt32 {
            range.reversed().reduce(0) { $0 << 8 | UInt32(byte($1)) }
        }
        let container = Container.allCases[Int(byte(0)) % Container.allCases.count]
        let channels = 1 + Int(byte(1)) % 2
        let rate = Self.sampleRates[Int(byte(2)) % Self.sampleRates.count]
        let frames = (1 + Int(byte(3)) % 16) * 1000
        guard var file = Self.write(container, channels: channels, sampleRate: rate, frames: frames) else { return nil }

        let fields = byte(4)
        Self.patchHeader(&file, container,
                         channels: fields & 1 != 0 ? integer(5..<7) : nil,
                         sampleRate: fields & 2 != 0 ? integer(7..<11) : nil,
                         frames: fields & 4 != 0 ? integer(11..<15) : nil)
        var index = 15
        while index + 2 < input.count, !file.isEmpty {
            file[Int(integer(index..<index + 2)) % file.count] = input[index + 2]
            index += 3
        }
        if container == .oggVorbis || container == .oggOpus { OggPages.recomputeChecksums(&file) }
        data = Data(file)
    }

    private static func write(_ container: Container, channels: Int, sampleRate: Int, frames: Int) -> [UInt8]? {
        let tone = (0..<frames).map { Float(0.3 * sin(2 * Double.pi * 200 * Double($0) / Double(sampleRate))) }
        let written: Data?
        switch container {
        case .mp3:
            let encoder = MP3Encoder(sampleRate: sampleRate)
            written = encoder.encode(AudioChunk(samples: tone, sampleRate: sampleRate)) + encoder.finish()
        case .wav, .flac, .oggVorbis, .oggOpus:
            let target: AudioFileWriter.Container = switch container {
            case .wav: .wav
            case .flac: .flac
            case .oggVorbis: .oggVorbis
            default: .oggOpus
            }
            written = try? AudioFileWriter.write(channels: Array(repeating: tone, count: channels), sampleRate: sampleRate, as: target)
        }
        return written.map { [UInt8]($0) }
    }

    /// Overwrites the header's channel count, sample rate and length where the container keeps them.
    private static func patchHeader(_ file: inout [UInt8], _ container: Container, channels: UInt32?, sampleRate: UInt32?, frames: UInt32?) {
        func put(_ value: UInt32, at offset: Int, bytes: Int) {
            guard offset >= 0, offset + bytes <= file.count else { return }
            for i in 0..<bytes { file[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
        }
        switch container {
        case .wav:
            if let fmt = firstIndex(of: "fmt ", in: file) {
                channels.map { put($0, at: fmt + 10, bytes: 2) }
                sampleRate.map { put($0, at: fmt + 12, bytes: 4) }
            }
            if let frames, let chunk = firstIndex(of: "data", in: file) { put(frames &* 2, at: chunk + 4, bytes: 4) }
        case .flac:
            // STREAMINFO after "fLaC" and its block header: 20 bits of rate, 3 of channels − 1, 5 of bits per
            // sample − 1, 36 of total samples, from byte 18.
            guard file.count >= 26 else { return }
            var packed = (18..<26).reduce(UInt64(0)) { $0 << 8 | UInt64(file[$1]) }
            if let sampleRate { packed = packed & ~(0xFFFFF << 44) | UInt64(sampleRate & 0xFFFFF) << 44 }
            if let channels { packed = packed & ~(0x7 << 41) | UInt64((channels &- 1) & 0x7) << 41 }
            if let frames { packed = packed & ~0xF_FFFF_FFFF | UInt64(frames) }
            for i in 0..<8 { file[18 + i] = UInt8(truncatingIfNeeded: packed >> (8 * (7 - i))) }
        case .oggVorbis, .oggOpus:
            // The identification packet opens the first page: "\u{1}vorbis", version, channels, rate; or
            // "OpusHead", version, channels, pre-skip, input rate. The length is the last page's granule position.
            guard file.count > 27 else { return }
            let packet = 27 + Int(file[26])
            let (channelsAt, rateAt) = container == .oggVorbis ? (packet + 11, packet + 12) : (packet + 9, packet + 12)
            channels.map { put($0, at: channelsAt, bytes: 1) }
            sampleRate.map { put($0, at: rateAt, bytes: 4) }
            if let frames, let last = OggPages.starts(in: file).last { put(frames, at: last + 6, bytes: 4) }
        case .mp3:
            // The first frame header: sample-rate index in bits 3–2 of its third byte, channel mode in bits 7–6
            // of its fourth.
            guard let sync = file.indices.dropLast(3).first(where: { file[$0] == 0xFF && file[$0 + 1] & 0xE0 == 0xE0 }) else { return }
            sampleRate.map { file[sync + 2] = file[sync + 2] & 0xF3 | UInt8($0 & 0x3) << 2 }
            channels.map { file[sync + 3] = file[sync + 3] & 0x3F | UInt8($0 & 0x3) << 6 }
        }
    }

    /// Where a RIFF chunk id starts, within the header (libsndfile writes `fmt ` and `data` in its first bytes).
    private static func firstIndex(of tag: String, in file: [UInt8]) -> Int? {
        let tag = Array(tag.utf8)
        return (0..<max(0, min(file.count, 512) - 3)).first { file[$0..<$0 + 4].elementsEqual(tag) }
    }
}

/// Ogg page framing (RFC 3533), just enough to find pages and re-sign them after patching.
enum OggPages {
    /// Offsets of the pages that follow one another from the start of the file.
    static func starts(in file: [UInt8]) -> [Int] {
        var starts: [Int] = []
        var offset = 0
        while offset + 27 <= file.count, file[offset..<offset + 4].elementsEqual("OggS".utf8) {
            let segments = Int(file[offset + 26])
            guard offset + 27 + segments <= file.count else { break }
            let body = file[offset + 27..<offset + 27 + segments].reduce(0) { $0 + Int($1) }
            starts.append(offset)
            offset += 27 + segments + body
        }
        return starts
    }

    /// Writes each complete page's CRC-32 (polynomial 0x04C11DB7, not reflected, computed with the field zeroed).
    static func recomputeChecksums(_ file: inout [UInt8]) {
        for start in starts(in: file) {
            let segments = Int(file[start + 26])
            let end = start + 27 + segments + file[start + 27..<start + 27 + segments].reduce(0) { $0 + Int($1) }
            guard end <= file.count else { break }
            for i in 22..<26 { file[start + i] = 0 }
            let crc = file[start..<end].reduce(UInt32(0)) { crc, byte in (crc << 8) ^ table[Int((crc >> 24) ^ UInt32(byte))] }
            for i in 0..<4 { file[start + 22 + i] = UInt8(truncatingIfNeeded: crc >> (8 * i)) }
        }
    }

    private static let table: [UInt32] = (0..<256).map { index in
        (0..<8).reduce(UInt32(index) << 24) { r, _ in r & 0x8000_0000 != 0 ? (r << 1) ^ 0x04C1_1DB7 : r << 1 }
    }
}
