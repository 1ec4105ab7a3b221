// Bytes per event of every audio encoding and spectral format, as a client
// receives them from the real server on the simulated source (2 kHz sine of
// amplitude 0.5 plus noise, 48 kHz, 1600-sample frames, 4096-point spectra):
// the SSE event as sent (id, data line) without compression, and the wire
// bytes per event of the same stream with Accept-Encoding: gzip.
//
//   ACOUSTREAM_BIN=build/release/acoustream node bench/wire_bytes.mjs [seconds per stream]
//
// Starts its own server on an ephemeral loopback port and stops it at the end.
// Prints a Markdown table; docs/benchmarks.md has the figures.
import http from 'node:http';
import zlib from 'node:zlib';

import { startServer } from '../tests/node/server.mjs';

const seconds = Number(process.argv[2] ?? 4);
const VARIANTS = [
  ['audio', 'JSON audio', '/api/audio/stream/audio'],
  ['audio', 'f32 audio', '/api/audio/stream/audio?encoding=f32'],
  ['audio', 'i16 audio', '/api/audio/stream/audio?encoding=i16'],
  ['audio', 'JSON audio, decimate 2', '/api/audio/stream/audio?decimate=2'],
  ['audio', 'i16 audio, decimate 2', '/api/audio/stream/audio?encoding=i16&decimate=2'],
  ['spectral', 'spectrum, linear (default)', '/api/audio/stream/spectral'],
  ['spectral', 'spectrum, format=db', '/api/audio/stream/spectral?format=db'],
  ['spectral', 'spectrum, linear, phase=true', '/api/audio/stream/spectral?phase=true'],
  ['spectral', 'spectrum, format=db, phase=true', '/api/audio/stream/spectral?format=db&phase=true'],
];

// Events and bytes of one stream over `seconds`: wire bytes as received,
// text bytes after decoding, events counted by their blank-line ends.
function measure(server, path, gzip) {
  return new Promise((resolve, reject) => {
    const headers = { Authorization: `Bearer ${server.token}` };
    if (gzip) headers['Accept-Encoding'] = 'gzip';
    let wire = 0;
    let text = '';
    let started = false;
    let base = { wire: 0, text: 0, events: 0 };
    const req = http.get(`${server.base}${path}`, { headers }, (res) => {
      const sink = gzip ? res.pipe(zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH })) : res;
      res.on('data', (chunk) => { wire += chunk.length; });
      sink.on('data', (d) => { text += d.toString('utf8'); });
      sink.on('error', reject);
    });
    req.on('error', () => {});
    const events = () => (text.match(/\n\n/g) ?? []).length;
    // The first second (headers, retry:, the first frames) is left out.
    setTimeout(() => { started = true; base = { wire, text: text.length, events: events() }; }, 1000);
    setTimeout(() => {
      req.destroy();
      if (!started) return reject(new Error('no baseline'));
      const n = events() - base.events;
      resolve({ events: n, wire: (wire - base.wire) / n, text: (text.length - base.text) / n });
    }, 1000 + seconds * 1000);
  });
}

const server = await startServer({ args: ['--source', 'simulated'] });
try {
  const rows = [];
  for (const [kind, name, path] of VARIANTS) {
    const [plain, gz] = await Promise.all([measure(server, path, false), measure(server, path, true)]);
    rows.push({ kind, name, path, plain: plain.wire, gzip: gz.wire, events: plain.events });
  }
  const reference = { audio: rows[0].plain, spectral: rows.find((r) => r.kind === 'spectral').plain };
  console.log('| event | query | bytes per event | gzip bytes per event | fewer bytes than the default |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    const f = (x) => Math.round(x).toLocaleString('en-US').replace(/,/g, ' ');
    console.log(`| ${r.name} | \`${r.path.split('?')[1] ?? ''}\` | ${f(r.plain)} | ${f(r.gzip)} | ` +
      `${(reference[r.kind] / r.plain).toFixed(2)}× (gzip ${(reference[r.kind] / r.gzip).toFixed(2)}×) |`);
  }
} finally {
  await server.stop();
}
