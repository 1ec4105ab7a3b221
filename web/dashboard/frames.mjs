// Decoding of the stream's events into what the plots draw (no DOM, so Node
// can test it). The wire forms are in docs/api.md: audio as JSON arrays, or
// base64 float32 / int16 (encoding=f32|i16); spectra in the full format
// (frequencies and linear magnitudes) or the compact one (format=db: bin_hz,
// first_bin, dBFS to 0.1 dB).

import { DB_FLOOR, toDb } from './signal.mjs';

/** Bytes of a standard (padded) base64 string. */
export function base64Bytes(text) {
  if (typeof Buffer !== 'undefined') {
    const b = Buffer.from(text, 'base64');
    return new Uint8Array(b.buffer, b.byteOffset, b.length);
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** One channel of an audio event as a Float32Array in [-1, 1]. */
export function decodeChannel(value, rawType) {
  if (Array.isArray(value)) return Float32Array.from(value);
  const bytes = base64Bytes(value);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (rawType === 'i16') {
    const out = new Float32Array(bytes.byteLength >> 1);
    for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true) / 32767;
    return out;
  }
  if (rawType === 'f32') {
    const out = new Float32Array(bytes.byteLength >> 2);
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
    return out;
  }
  throw new Error(`unknown channels_raw_type "${rawType}"`);
}

/** An audio event with channel_a/channel_b as Float32Arrays, whatever its encoding. */
export function decodeAudio(event) {
  return {
    ...event,
    channel_a: decodeChannel(event.channel_a, event.channels_raw_type),
    channel_b: decodeChannel(event.channel_b, event.channels_raw_type),
  };
}

/**
 * A spectral event as { frequencies, db_a, db_b, sample_rate, timestamp, ... }
 * (Float32Arrays, dBFS floored at DB_FLOOR), from either format. `cache`
 * keeps the last frequency axis so a compact stream does not rebuild it.
 */
export function decodeSpectrum(event, cache = {}) {
  if (Array.isArray(event.magnitude_db_a)) {
    const n = event.magnitude_db_a.length;
    const key = `${event.bin_hz}:${event.first_bin}:${n}`;
    if (cache.key !== key) {
      cache.key = key;
      cache.frequencies = Float32Array.from({ length: n }, (_, i) => (event.first_bin + i) * event.bin_hz);
    }
    // null (a non-finite value) reads as the floor, like an amplitude of 0.
    const floor = (db) => Float32Array.from(db, (v) => (v === null ? DB_FLOOR : Math.max(DB_FLOOR, v)));
    return { ...event, frequencies: cache.frequencies, db_a: floor(event.magnitude_db_a), db_b: floor(event.magnitude_db_b) };
  }
  return {
    ...event,
    frequencies: Float32Array.from(event.frequencies),
    db_a: toDb(event.magnitude_a),
    db_b: toDb(event.magnitude_b),
  };
}
