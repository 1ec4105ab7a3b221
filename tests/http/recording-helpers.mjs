// Helpers of the recording tests: the recording API over fetch, float WAV
// files written and read here (so a test compares bits, not a decoder's
// opinion), and sox for decoding FLAC as an outside program would.
import { writeFileSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { makeToken, until } from './helpers.mjs';

export const writeToken = () => makeToken({ scope: 'read:api write:api' });
export const readToken = () => makeToken({ scope: 'read:api' });

// fetch of the recording API; resolves { status, headers, json, text }.
export async function api(srv, method, path, { token = writeToken(), body, headers = {} } = {}) {
  const h = { Authorization: `Bearer ${token}`, ...headers };
  let payload;
  if (body !== undefined) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
    if (!h['Content-Type']) h['Content-Type'] = 'application/json';
  }
  const res = await fetch(`${srv.base}/api/audio/recordings${path}`, { method, headers: h, body: payload });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, json, text };
}

export async function fileBytes(srv, id, name, headers = {}) {
  const res = await fetch(`${srv.base}/api/audio/recordings/${id}/files/${name}`,
    { headers: { Authorization: `Bearer ${writeToken()}`, ...headers } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

// Waits until recording `id` satisfies `pred`; returns it.
export async function waitForRecording(srv, id, pred, what, timeoutMs = 20000) {
  return until(async () => {
    const r = await api(srv, 'GET', `/${id}`);
    return r.status === 200 && pred(r.json) ? r.json : null;
  }, timeoutMs, what);
}

// A 32-bit float WAV of two channels (interleaved from a and b).
export function writeFloatWav(path, sampleRate, a, b) {
  const n = a.length;
  const data = Buffer.alloc(n * 8);
  for (let i = 0; i < n; i++) { data.writeFloatLE(a[i], i * 8); data.writeFloatLE(b[i], i * 8 + 4); }
  const h = Buffer.alloc(44);
  h.write('RIFF', 0); h.writeUInt32LE(36 + data.length, 4); h.write('WAVE', 8);
  h.write('fmt ', 12); h.writeUInt32LE(16, 16); h.writeUInt16LE(3, 20); h.writeUInt16LE(2, 22);
  h.writeUInt32LE(sampleRate, 24); h.writeUInt32LE(sampleRate * 8, 28);
  h.writeUInt16LE(8, 32); h.writeUInt16LE(32, 34);
  h.write('data', 36); h.writeUInt32LE(data.length, 40);
  writeFileSync(path, Buffer.concat([h, data]));
}

// The chunks of a RIFF WAVE: { format, channels, rate, bits, dataOffset,
// dataBytes (as the header says), fileBytes }.
export function wavHeader(buf) {
  if (buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WAVE')
    throw new Error(`not a RIFF WAVE: ${buf.toString('latin1', 0, 12)}`);
  const out = { fileBytes: buf.length };
  let at = 12;
  while (at + 8 <= buf.length) {
    const id = buf.toString('latin1', at, at + 4);
    const size = buf.readUInt32LE(at + 4);
    if (id === 'fmt ') {
      out.format = buf.readUInt16LE(at + 8);
      out.channels = buf.readUInt16LE(at + 10);
      out.rate = buf.readUInt32LE(at + 12);
      out.bits = buf.readUInt16LE(at + 22);
      if (out.format === 0xfffe) out.format = buf.readUInt16LE(at + 32);  // extensible: the sub-format
    } else if (id === 'data') {
      out.dataOffset = at + 8;
      out.dataBytes = size;
      return out;
    }
    at += 8 + size + (size & 1);
  }
  throw new Error('no data chunk');
}

// The samples of a float WAV as the header declares them (a reader that
// trusts the header, as most do), interleaved.
export function readFloatWav(path) {
  const buf = readFileSync(path);
  const h = wavHeader(buf);
  if (h.format !== 3 || h.bits !== 32) throw new Error(`${path}: not 32-bit float (format ${h.format}, ${h.bits} bits)`);
  const bytes = Math.min(h.dataBytes, buf.length - h.dataOffset);
  return { header: h, samples: new Float32Array(buf.buffer.slice(buf.byteOffset + h.dataOffset, buf.byteOffset + h.dataOffset + bytes)) };
}

// Decodes any sound file with sox into interleaved int16 samples (-D: no
// dither, which sox otherwise adds when it reduces a 24-bit file to 16 bits).
export function soxInt16(path) {
  const raw = execFileSync('sox', ['-V1', '-D', path, '-t', 'raw', '-e', 'signed-integer', '-b', '16', '-L', '-'],
    { maxBuffer: 1 << 30 });
  return new Int16Array(raw.buffer, raw.byteOffset, raw.length / 2);
}
