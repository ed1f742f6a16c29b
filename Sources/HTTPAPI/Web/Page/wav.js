// WAV files made in the page: a recording converted before upload, a streamed result offered as a download.
"use strict";

const Wav = {
  /** A 16-bit mono WAV of Int16 PCM chunks (Int16Array each) at `sampleRate` Hz. */
  fromPCM16(chunks, sampleRate) {
    const samples = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const buffer = new ArrayBuffer(44 + samples * 2);
    const view = new DataView(buffer);
    const text = (offset, s) => { for (let i = 0; i < s.length; i++) view.setUint8(offset + i, s.charCodeAt(i)); };
    text(0, "RIFF"); view.setUint32(4, 36 + samples * 2, true); text(8, "WAVE");
    text(12, "fmt "); view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, 1, true);
    view.setUint32(24, sampleRate, true); view.setUint32(28, sampleRate * 2, true);
    view.setUint16(32, 2, true); view.setUint16(34, 16, true);
    text(36, "data"); view.setUint32(40, samples * 2, true);
    let offset = 44;
    for (const chunk of chunks) {
      for (let i = 0; i < chunk.length; i++, offset += 2) view.setInt16(offset, chunk[i], true);
    }
    return new Blob([buffer], { type: "audio/wav" });
  },

  /** A 16-bit mono WAV of a decoded AudioBuffer (channels averaged). */
  fromAudioBuffer(audio) {
    const mono = new Float32Array(audio.length);
    for (let c = 0; c < audio.numberOfChannels; c++) {
      const data = audio.getChannelData(c);
      for (let i = 0; i < data.length; i++) mono[i] += data[i] / audio.numberOfChannels;
    }
    const pcm = new Int16Array(mono.length);
    for (let i = 0; i < mono.length; i++) pcm[i] = Math.round(Math.max(-1, Math.min(1, mono[i])) * 32767);
    return Wav.fromPCM16([pcm], audio.sampleRate);
  },
};
