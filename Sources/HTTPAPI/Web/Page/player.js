// Plays raw int16 little-endian mono PCM as it arrives: each piece becomes an AudioBuffer scheduled right after
// the previous one, so playback starts with the first bytes and has no gaps between pieces.
"use strict";

class StreamPlayer {
  constructor(context, sampleRate) {
    this.context = context;
    this.sampleRate = sampleRate;
    this.nextStart = 0;
    this.samples = 0;
    this.chunks = [];
    this.sources = new Set();
    this.leftover = null;
  }

  /** Schedules the bytes of one network chunk (any length; an odd byte waits for the next chunk). */
  push(bytes) {
    if (this.leftover) {
      const joined = new Uint8Array(this.leftover.length + bytes.length);
      joined.set(this.leftover); joined.set(bytes, this.leftover.length);
      bytes = joined;
      this.leftover = null;
    }
    const whole = bytes.length - (bytes.length % 2);
    if (whole < bytes.length) this.leftover = bytes.slice(whole);
    if (whole === 0) return;
    const view = new DataView(bytes.buffer, bytes.byteOffset, whole);
    const pcm = new Int16Array(whole / 2);
    const floats = new Float32Array(whole / 2);
    for (let i = 0; i < pcm.length; i++) {
      pcm[i] = view.getInt16(i * 2, true);
      floats[i] = pcm[i] / 32768;
    }
    this.chunks.push(pcm);
    this.samples += pcm.length;
    const buffer = this.context.createBuffer(1, floats.length, this.sampleRate);
    buffer.copyToChannel(floats, 0);
    const source = this.context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.context.destination);
    // A little headroom for the first piece, then back to back.
    this.nextStart = Math.max(this.nextStart, this.context.currentTime + 0.03);
    source.start(this.nextStart);
    this.nextStart += buffer.duration;
    this.sources.add(source);
    source.onended = () => this.sources.delete(source);
  }

  /** Seconds of audio received. */
  get duration() { return this.samples / this.sampleRate; }

  /** Resolves once everything scheduled has played. */
  finished() {
    const wait = Math.max(0, this.nextStart - this.context.currentTime);
    return new Promise((resolve) => setTimeout(resolve, wait * 1000));
  }

  stop() {
    for (const source of this.sources) { try { source.stop(); } catch (_) { /* already ended */ } }
    this.sources.clear();
  }

  /** What was received, as a WAV file. */
  wav() { return Wav.fromPCM16(this.chunks, this.sampleRate); }
}
