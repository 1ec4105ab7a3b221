// Compressed streams through the real binary: Accept-Encoding gzip or
// deflate gets a compressed text/event-stream whose events decode as they
// arrive, equal to what an identity client gets; each frame is compressed
// once for all clients of its variant; a stream the server ends is a
// complete gzip member (trailer checksum and length right).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { join } from 'node:path';
import { launch, makeToken, parseSse, sleep, tempDir, writeWav } from './helpers.mjs';

const token = makeToken();

// Opens a stream; decodes it incrementally; resolves the client object at once.
function open(srv, path, encoding) {
  const client = { raw: [], text: '', events: [], headers: null, decodedAtChunk: [], ended: null };
  const headers = { Authorization: `Bearer ${token}` };
  if (encoding) headers['Accept-Encoding'] = encoding;
  client.ended = new Promise((resolve) => {
    const req = http.get(`${srv.base}${path}`, { headers }, (res) => {
      client.headers = res.headers;
      const coding = res.headers['content-encoding'];
      const decoder = coding === 'gzip' ? zlib.createGunzip() : coding === 'deflate' ? zlib.createInflate() : null;
      const onText = (d) => {
        client.text += d.toString('utf8');
        const parsed = parseSse(client.text);
        client.events = parsed.events;
      };
      if (decoder) {
        decoder.on('data', onText);
        decoder.on('error', (e) => { client.decodeError = e; });
      }
      res.on('data', (chunk) => {
        client.raw.push(chunk);
        if (decoder) decoder.write(chunk); else onText(chunk);
      });
      res.on('end', () => { if (decoder) decoder.end(); setTimeout(resolve, 50); });
      res.on('error', () => resolve());
    });
    req.on('error', () => resolve());
    client.close = () => req.destroy();
  });
  return client;
}

const frames = (c) => c.events.filter((e) => e.id !== undefined).map((e) => ({ id: Number(e.id), data: e.data }));
const metric = async (srv, name) =>
  Number((await (await fetch(`${srv.base}/metrics`)).text()).match(new RegExp(`^${name} (\\d+)$`, 'm'))[1]);

test('gzip and deflate streams decode as they arrive to the same events as identity', async () => {
  const srv = await launch({ logging: { level: 'warn' } });
  try {
    const path = '/api/audio/stream/audio?decimate=40';
    const plain = open(srv, path, null);
    const gz = open(srv, path, 'gzip');
    const df = open(srv, path, 'deflate;q=1, gzip;q=0.5');
    await sleep(2500);
    for (const c of [plain, gz, df]) c.close();
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(df.headers['content-encoding'], 'deflate');
    assert.equal(gz.headers['content-type'], 'text/event-stream');
    for (const c of [gz, df]) {
      assert.equal(c.decodeError, undefined);
      const got = frames(c);
      assert.ok(got.length >= 40, `${got.length} frames decoded while the stream was open`);
      for (let i = 1; i < got.length; i++) assert.equal(got[i].id, got[i - 1].id + 1, 'contiguous');
      const same = new Map(frames(plain).map((f) => [f.id, f.data]));
      let compared = 0;
      for (const f of got) if (same.has(f.id)) { assert.equal(f.data, same.get(f.id)); compared++; }
      assert.ok(compared >= 30, `${compared} frames compared with the identity stream`);
      const wire = c.raw.reduce((k, b) => k + b.length, 0);
      assert.ok(wire < c.text.length * 0.8, `${wire} bytes on the wire for ${c.text.length} decoded`);
    }
  } finally {
    await srv.stop();
  }
});

test('each frame is compressed once for every client of its variant', async () => {
  const srv = await launch({ logging: { level: 'warn' } });
  try {
    const path = '/api/audio/stream/audio?decimate=40';
    const clients = Array.from({ length: 12 }, () => open(srv, path, 'gzip'));
    await sleep(1000);
    const c0 = await metric(srv, 'acoustream_event_compressions_total');
    const f0 = (await (await fetch(`${srv.base}/healthz`)).json()).total_frames;
    await sleep(2000);
    const c1 = await metric(srv, 'acoustream_event_compressions_total');
    const f1 = (await (await fetch(`${srv.base}/healthz`)).json()).total_frames;
    for (const c of clients) c.close();
    const perFrame = (c1 - c0) / (f1 - f0);
    assert.ok(f1 - f0 >= 30, `${f1 - f0} frames in the window`);
    assert.ok(perFrame <= 1.1, `${c1 - c0} compressions for ${f1 - f0} frames and 12 clients`);
    for (const c of clients) assert.ok(frames(c).length >= 60, 'every client decoded its frames');
  } finally {
    await srv.stop();
  }
});

test('a stream the server ends is a complete gzip member', async () => {
  const dir = tempDir('acoustream-gz-');
  const wav = join(dir, 'short.wav');
  const n = 8000;
  const a = Array.from({ length: n }, (_, i) => Math.round(Math.sin(i / 9) * 10000));
  writeWav(wav, { sampleRate: 8000, channels: [a, a] });
  const srv = await launch({ logging: { level: 'warn' }, acquisition: { source: 'file', file: { path: wav, loop: false }, frame_size: 800 },
    streaming: { broadcast_buffer_size: 100 } });
  try {
    const gz = open(srv, '/api/audio/stream/audio?last_event_id=0', 'gzip');
    await gz.ended;
    const whole = Buffer.concat(gz.raw);
    const text = zlib.gunzipSync(whole).toString();  // throws on a bad trailer or a cut stream
    const ids = parseSse(text).events.filter((e) => e.id !== undefined).map((e) => Number(e.id));
    assert.ok(ids.length >= 9, `${ids.length} frames`);
    assert.equal(ids[ids.length - 1], 9);
  } finally {
    await srv.stop();
  }
});
