// Bytes on the wire through the real binary: i16 audio and format=db spectra
// read back within their rounding of the full forms and are the promised
// factor smaller; max_fps thins a stream to the newest frame per interval
// without lag notices; bad or meaningless parameters are 400 naming them;
// and under slow_client_policy: degrade a real slow reader (tiny receive
// buffer, throttled reads, tests/http/py/slow_reader.py) is moved to coarser
// decimation, told so, and moved back once it reads fast again.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { launch, makeToken, getJson, RawSse, decodeF32, until, bearer } from './helpers.mjs';

const token = makeToken();
const decodeI16 = (b64) => {
  const buf = Buffer.from(b64, 'base64');
  return Int16Array.from({ length: buf.length / 2 }, (_, i) => buf.readInt16LE(i * 2));
};
// round() half away from zero, as C and the docs say.
const toI16 = (x) => {
  if (Number.isNaN(x)) return 0;
  const v = Math.max(-1, Math.min(1, x)) * 32767;
  return Math.sign(v) * Math.round(Math.abs(v)) + 0;
};

// Two /latest answers of the same frame in two encodings.
async function sameFrame(srv, a, b) {
  for (let i = 0; i < 50; i++) {
    const x = await getJson(srv, `/api/audio/stream/latest?${a}`, { token });
    const y = await getJson(srv, `/api/audio/stream/latest?${b}`, { token });
    if (x.status === 200 && y.status === 200 && x.json.frame_number === y.json.frame_number) return [x, y];
  }
  throw new Error('no two consecutive answers held the same frame');
}

describe('compact encodings', () => {
  let srv;
  before(async () => {
    srv = await launch({ logging: { level: 'warn' } });
    await until(async () => (await getJson(srv, '/api/audio/stream/latest', { token })).status === 200, 15000, 'a first frame');
  });
  after(async () => { await srv.stop(); });

  test('i16 samples are round(clamp(x) * 32767) of the f32 samples, and ≥ 4× smaller than JSON', async () => {
    const [f32, i16] = await sameFrame(srv, 'encoding=f32', 'encoding=i16');
    assert.equal(i16.json.channels_raw_type, 'i16');
    assert.equal(i16.json.channels_element_size, 2);
    assert.equal(i16.json.channels_length, 1600);
    for (const ch of ['channel_a', 'channel_b']) {
      const exact = decodeF32(f32.json[ch]);
      const got = decodeI16(i16.json[ch]);
      assert.equal(got.length, exact.length);
      for (let i = 0; i < got.length; i++) assert.equal(got[i], toI16(exact[i]), `${ch}[${i}]`);
    }
    const [json, compact] = await sameFrame(srv, 'encoding=json', 'encoding=i16');
    const ratio = json.text.length / compact.text.length;
    assert.ok(ratio >= 4, `JSON ${json.text.length} B vs i16 ${compact.text.length} B: ${ratio.toFixed(2)}×`);
  });

  test('i16 on /audio and /events with decimate', async () => {
    const audio = new RawSse(srv.port, '/api/audio/stream/audio?encoding=i16&decimate=4', { headers: bearer(token) });
    const events = new RawSse(srv.port, '/api/audio/stream/events?types=audio&encoding=i16&decimate=4', { headers: bearer(token) });
    await audio.waitFor((x) => x.frames().length >= 5, 15000, '5 frames');
    await events.waitFor((x) => x.frames().length >= 5, 15000, '5 events');
    await audio.close();
    await events.close();
    for (const e of [...audio.frames(), ...events.frames()]) {
      assert.equal(e.json.channels_raw_type, 'i16');
      assert.equal(e.json.channels_length, 400);
      assert.equal(decodeI16(e.json.channel_a).length, 400);
    }
    assert.ok(events.frames().every((e) => e.event === 'audio'));
  });

  test('format=db spectra: dBFS within 0.05 dB of the linear ones, bin_hz/first_bin axis, ≥ 3× smaller', async () => {
    const q = 'fmin=1000&fmax=3000&phase=true';
    const linear = new RawSse(srv.port, `/api/audio/stream/spectral?${q}`, { headers: bearer(token) });
    const db = new RawSse(srv.port, `/api/audio/stream/spectral?${q}&format=db`, { headers: bearer(token) });
    const full = new RawSse(srv.port, '/api/audio/stream/spectral', { headers: bearer(token) });
    const compact = new RawSse(srv.port, '/api/audio/stream/events?types=spectral&format=db', { headers: bearer(token) });
    const both = (x) => x.frames().length >= 6;
    await Promise.all([linear, db, full, compact].map((s) => s.waitFor(both, 20000, '6 spectra')));
    await Promise.all([linear, db, full, compact].map((s) => s.close()));
    const byId = new Map(linear.frames().map((e) => [e.id, e.json]));
    let compared = 0;
    for (const e of db.frames()) {
      const l = byId.get(e.id);
      if (!l) continue;
      compared++;
      const d = e.json;
      assert.equal(d.frequencies, undefined);
      assert.equal(d.bin_hz, 48000 / 4096);
      assert.equal(d.magnitude_db_a.length, l.magnitude_a.length);
      for (let i = 0; i < d.magnitude_db_a.length; i++) {
        assert.equal((d.first_bin + i) * d.bin_hz, l.frequencies[i]);
        for (const [dbKey, linKey] of [['magnitude_db_a', 'magnitude_a'], ['magnitude_db_b', 'magnitude_b']]) {
          const amp = l[linKey][i];
          const want = amp > 0 ? Math.max(-200, 20 * Math.log10(amp)) : -200;
          assert.ok(Math.abs(d[dbKey][i] - want) <= 0.05 + 1e-9, `${dbKey}[${i}] ${d[dbKey][i]} vs ${want}`);
        }
        assert.ok(Math.abs(d.phase_a[i] - l.phase_a[i]) <= 0.0005 + 1e-9, `phase_a[${i}]`);
      }
    }
    assert.ok(compared >= 3, `${compared} spectra compared`);
    const size = (s) => s.frames().reduce((k, e) => k + e.data.length, 0) / s.frames().length;
    const ratio = size(full) / size(compact);
    assert.ok(ratio >= 3, `linear ${size(full).toFixed(0)} B vs db ${size(compact).toFixed(0)} B per spectrum: ${ratio.toFixed(2)}×`);
    assert.ok(compact.frames().every((e) => e.event === 'spectral' && Array.isArray(e.json.magnitude_db_a)));
  });

  test('max_fps=5: the newest frame of each type every 200 ms, gaps left out without lagged', async () => {
    const before = (await getJson(srv, '/api/audio/stream/stats', { token })).json.dropped_frames;
    const s = new RawSse(srv.port, '/api/audio/stream/events?types=audio,spectral&decimate=100&format=db&fmax=100&max_fps=5', { headers: bearer(token) });
    await s.waitFor((x) => x.frames().filter((e) => e.event === 'audio').length >= 1, 15000, 'a first frame');
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 4000));
    await s.close();
    const seconds = (Date.now() - t0) / 1000;
    assert.equal(s.events.filter((e) => e.event === 'lagged').length, 0, 'no lagged');
    for (const type of ['audio', 'spectral']) {
      const ids = s.frames().filter((e) => e.event === type && e.at >= t0).map((e) => Number(e.id));
      assert.ok(ids.length <= Math.ceil(5 * seconds) + 1, `${type}: ${ids.length} events in ${seconds} s`);
      assert.ok(ids.length >= 3 * seconds, `${type}: ${ids.length} events in ${seconds} s`);
      for (let i = 1; i < ids.length; i++) {
        assert.ok(ids[i] > ids[i - 1], `${type} ids grow`);
        assert.ok(ids[i] - ids[i - 1] >= 4 && ids[i] - ids[i - 1] <= 12, `${type} gap ${ids[i] - ids[i - 1]} frames at 30 fps`);
      }
    }
    const after = (await getJson(srv, '/api/audio/stream/stats', { token })).json.dropped_frames;
    assert.equal(after, before, 'frames left out at the client\'s request are not dropped frames');
  });

  test('bad values and meaningless combinations are 400 JSON naming the parameter', async () => {
    const cases = [
      ['audio?encoding=', 'encoding'], ['audio?encoding=i8', 'encoding'], ['audio?encoding=I16', 'encoding'],
      ['spectral?format=', 'format'], ['spectral?format=dB', 'format'], ['spectral?format=log', 'format'],
      ['audio?max_fps=', 'max_fps'], ['audio?max_fps=0', 'max_fps'], ['audio?max_fps=-2', 'max_fps'],
      ['audio?max_fps=ten', 'max_fps'], ['audio?max_fps=nan', 'max_fps'], ['events?max_fps=31', 'max_fps'],
      ['spectral?max_fps=1e9', 'max_fps'],
      ['audio?format=db', 'format', 'stream/audio'], ['latest?format=db', 'format', 'stream/latest'],
      ['spectral?encoding=i16', 'encoding', 'stream/spectral'], ['audio/fast?encoding=i16', 'encoding', 'audio/fast'],
      ['latest?max_fps=5', 'max_fps', 'stream/latest'],
      ['events?types=audio&format=db', 'format', 'types'], ['events?types=spectral,stats&encoding=i16', 'encoding', 'types'],
    ];
    for (const [path, parameter, also] of cases) {
      const r = await getJson(srv, `/api/audio/stream/${path}`, { token });
      assert.equal(r.status, 400, path);
      assert.equal(r.json.error, 'invalid_parameter', path);
      assert.equal(r.json.parameter, parameter, path);
      assert.ok(r.json.error_description.includes(parameter), `${path}: ${r.json.error_description}`);
      if (also) assert.ok(r.json.error_description.includes(also), `${path}: ${r.json.error_description}`);
    }
    const ok = await getJson(srv, '/api/audio/stream/latest?encoding=i16', { token });
    assert.equal(ok.status, 200);
  });
});

describe('slow_client_policy: degrade', () => {
  let srv;
  before(async () => {
    srv = await launch({
      logging: { level: 'warn' },
      streaming: { slow_client_policy: 'degrade', max_degrade_decimate: 16, client_max_queue_bytes: 131072, socket_send_buffer_bytes: 4096 },
    });
    await until(async () => (await getJson(srv, '/api/audio/stream/latest', { token })).status === 200, 15000, 'a first frame');
  });
  after(async () => { await srv.stop(); });

  const slowReader = (path, slowSecs, rate, fastSecs) => new Promise((resolve, reject) => {
    const args = [join(import.meta.dirname, 'py', 'slow_reader.py'), '127.0.0.1', String(srv.port), path, token,
      String(slowSecs), String(rate), String(fastSecs)];
    execFile('/usr/bin/python3', args, { timeout: (slowSecs + fastSecs + 30) * 1000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`slow_reader.py: ${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });

  test('a throttled reader steps to coarser decimation, is told, and steps back once it keeps up', async () => {
    const s = await slowReader('/api/audio/stream/events?types=audio&encoding=i16', 8, 30000, 15);
    const slow = s.resolutions.filter((r) => r.phase === 'slow').map((r) => r.decimate);
    const fast = s.resolutions.filter((r) => r.phase === 'fast').map((r) => r.decimate);
    assert.ok(slow.length >= 2, `coarser steps while slow: ${JSON.stringify(s.resolutions)}`);
    for (let i = 0; i < slow.length; i++) assert.equal(slow[i], 2 ** (i + 1), 'x2, x4, ... while slow');
    assert.ok(slow.at(-1) <= 16, 'capped at max_degrade_decimate');
    assert.equal(fast.at(-1), 1, `back to the requested decimation: ${JSON.stringify(s.resolutions)}`);
    assert.equal(s.unexplained_gaps, 0, 'every gap announced by lagged');
    // The frames themselves carry the resolution announced.
    assert.ok(s.frames.slow.some((n) => n < 1600), 'coarser frames while slow');
    assert.equal(s.frames.fast.at(-1), 1600, 'full frames at the end');
    const metrics = await (await fetch(`${srv.base}/metrics`)).text();
    const coarser = Number(metrics.match(/^acoustream_degrade_steps_coarser_total (\d+)$/m)[1]);
    const finer = Number(metrics.match(/^acoustream_degrade_steps_finer_total (\d+)$/m)[1]);
    assert.ok(coarser >= slow.length && finer >= fast.filter((k, i) => i === 0 || k < fast[i - 1]).length, metrics);
  });

  test('a client that keeps up is never degraded; /audio carries resolution as unnamed data', async () => {
    const fine = new RawSse(srv.port, '/api/audio/stream/audio?decimate=8', { headers: bearer(token) });
    await fine.waitFor((x) => x.frames().length >= 60, 20000, '60 frames');
    await fine.close();
    assert.equal(fine.events.filter((e) => e.json?.type === 'resolution').length, 0);
    assert.ok(fine.frames().every((e) => e.json.channel_a.length === 200));
    const s = await slowReader('/api/audio/stream/audio?decimate=2', 5, 20000, 1);
    assert.ok(s.resolutions.length >= 1 && s.resolutions[0].decimate === 4, `requested 2 → 4 first: ${JSON.stringify(s.resolutions)}`);
  });
});
