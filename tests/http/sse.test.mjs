// docs/api.md "Streams": the exact bytes of the streams (curl -N and a
// raw socket), the frame formats (JSON, f32/fast, decimation), spectra, and
// the /events multiplex.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, makeToken, curl, splitHttp, parseSse, RawSse, decodeF32, frameNumbers,
} from './helpers.mjs';

const SAMPLE_RATE = 48000;
const FPS = 30;
const FRAME = SAMPLE_RATE / FPS; // 1600 samples
const WINDOW = 4096;

let srv;
let token;
before(async () => {
  srv = await launch({
    acquisition: { sample_rate: SAMPLE_RATE, target_fps: FPS },
    streaming: { spectral_window_size: WINDOW, sse_retry_ms: 1500, broadcast_buffer_size: 200 },
  });
  token = makeToken();
});
after(async () => { await srv.stop(); });

const auth = () => ({ Authorization: `Bearer ${token}` });

async function collect(path, nFrames, timeoutMs = 20000) {
  const s = new RawSse(srv.port, path, { headers: auth() });
  await s.waitFor((x) => x.frames().length >= nFrames, timeoutMs, `${nFrames} frames`);
  await s.close();
  return s;
}

// Shortest round-trip float32 text never needs more than 9 significant
// digits; a float32 printed as a double would (e.g. 0.4617771804332733).
function assertShortF32Text(jsonText, what) {
  const arrays = jsonText.match(/"channel_[ab]":\[([^\]]*)\]/g);
  assert.equal(arrays.length, 2, `${what}: two channel arrays`);
  for (const arr of arrays) {
    for (const num of arr.slice(arr.indexOf('[') + 1, -1).split(',')) {
      const digits = num.replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '');
      if (digits.length > 9 || !Number.isFinite(Number(num))) assert.fail(`${what}: ${num} is not a short float32 form`);
    }
  }
}

// Asserts the frame-event framing of a message (unnamed) stream body.
function assertMessageFraming(body, { name } = {}) {
  assert.ok(body.startsWith('retry: 1500\n\n'), `stream must start with retry: ${JSON.stringify(body.slice(0, 40))}`);
  const { events } = parseSse(body);
  assert.equal(events[0].lines.join('|'), 'retry: 1500');
  const frames = events.slice(1).filter((e) => e.id !== undefined);
  assert.ok(frames.length >= 3, `got ${frames.length} frames`);
  for (const e of frames) {
    if (name) {
      assert.deepEqual(e.lines.map((l) => l.split(':')[0]), ['id', 'event', 'data'], e.lines.join('|').slice(0, 80));
      assert.equal(e.event, name);
    } else {
      assert.deepEqual(e.lines.map((l) => l.split(':')[0]), ['id', 'data'], `fields of ${e.lines.join('|').slice(0, 80)}`);
    }
    assert.equal(e.dataLines, 1);
    assert.match(e.lines[0], /^id: \d+$/);
    assert.ok(e.json, 'data is JSON');
    assert.equal(String(e.json.frame_number), e.id, 'id is the frame_number');
  }
  return frames;
}

describe('SSE framing', () => {
  test('curl -N /audio: headers, retry first, id + one data line, no event field', async () => {
    const r = await curl(['-N', '-i', '--max-time', '2.5', '-H', `Authorization: Bearer ${token}`,
      `${srv.base}/api/audio/stream/audio`]);
    assert.equal(r.code, 28, `curl should stop on --max-time (stderr ${r.stderr})`);
    const { status, headers, body } = splitHttp(r.stdout);
    assert.equal(status, 200);
    assert.equal(headers.get('content-type'), 'text/event-stream');
    assert.equal(headers.get('cache-control'), 'no-cache');
    assert.equal(headers.get('x-accel-buffering'), 'no');
    const text = body.toString('utf8');
    assert.ok(!/^event:/m.test(text), 'no event: field on /audio');
    assert.ok(!text.includes('\r'), 'LF line endings only');
    const frames = assertMessageFraming(text);
    for (const e of frames) {
      const f = e.json;
      assert.deepEqual(Object.keys(f).sort(), ['channel_a', 'channel_b', 'duration_ms', 'frame_number', 'sample_rate', 'timestamp']);
      assert.equal(f.sample_rate, SAMPLE_RATE);
      assert.equal(f.channel_a.length, FRAME);
      assert.equal(f.channel_b.length, FRAME);
    }
  });

  test('raw socket: /audio/fast and /spectral carry no event field; /events names every event', async () => {
    for (const path of ['/api/audio/stream/audio/fast', '/api/audio/stream/spectral']) {
      const s = await collect(path, 3);
      assert.equal(s.status, 200);
      assert.equal(s.headers.get('content-type'), 'text/event-stream');
      assert.equal(s.headers.get('cache-control'), 'no-cache');
      assert.equal(s.headers.get('x-accel-buffering'), 'no');
      assert.ok(!/^event:/m.test(s.bodyText), `no event: on ${path}`);
      assertMessageFraming(s.bodyText);
    }
    const ev = new RawSse(srv.port, '/api/audio/stream/events', { headers: auth() });
    await ev.waitFor((x) => x.events.filter((e) => e.event === 'stats').length >= 3, 15000, '3 stats events');
    await ev.close();
    assert.ok(ev.bodyText.startsWith('retry: 1500\n\n'));
    const kinds = new Set(ev.events.slice(1).map((e) => e.event));
    assert.ok(kinds.has('audio') && kinds.has('spectral') && kinds.has('stats'), [...kinds].join(','));
    for (const e of ev.events.slice(1)) {
      assert.ok(e.event, `every /events event is named: ${e.lines.join('|').slice(0, 60)}`);
      assert.equal(e.dataLines, 1);
      assert.ok(e.json, 'JSON data');
      if (e.event === 'audio' || e.event === 'spectral') assert.equal(e.id, String(e.json.frame_number));
      if (e.event === 'audio') assert.ok(Array.isArray(e.json.channel_a));
      if (e.event === 'spectral') assert.ok(Array.isArray(e.json.frequencies));
      if (e.event === 'stats') {
        assert.equal(e.id, undefined);
        assert.equal(typeof e.json.total_frames, 'number');
        assert.equal(typeof e.json.active_subscribers, 'number');
      }
    }
    // stats once a second, measured on the audio clock of the same stream
    // (arrival times bunch up when this process is descheduled).
    const audioTs = ev.events.filter((e) => e.event === 'audio').map((e) => e.json.timestamp);
    const spanS = (audioTs.at(-1) - audioTs[0]) / 1000;
    const nStats = ev.events.filter((e) => e.event === 'stats').length;
    assert.ok(nStats <= spanS + 2, `${nStats} stats events over ${spanS} s of audio`);
    // types= restricts the multiplex.
    const only = new RawSse(srv.port, '/api/audio/stream/events?types=spectral', { headers: auth() });
    await only.waitFor((x) => x.events.filter((e) => e.event === 'spectral').length >= 3, 15000, '3 spectral events');
    await only.close();
    assert.deepEqual([...new Set(only.events.slice(1).map((e) => e.event))], ['spectral']);
  });

  test('audio frames: exact float32, +1 frame numbers, timestamps follow duration_ms', async () => {
    const s = await collect('/api/audio/stream/audio', 12);
    const frames = s.frames();
    const nums = frameNumbers(frames);
    for (let i = 1; i < nums.length; i++) assert.equal(nums[i], nums[i - 1] + 1, `frame numbers ${nums}`);
    const dur = FRAME / SAMPLE_RATE * 1000;
    const t0 = frames[0].json.timestamp;
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i].json;
      assert.equal(f.duration_ms, dur);
      assertShortF32Text(frames[i].data, `frame ${f.frame_number}`);
      // Integer-ms rounding only: never drifts from the sample count.
      const expected = t0 + i * dur;
      assert.ok(Math.abs(f.timestamp - expected) <= 1, `timestamp ${f.timestamp} vs ${expected}`);
      if (i > 0) {
        const d = f.timestamp - frames[i - 1].json.timestamp;
        assert.ok(d === Math.floor(dur) || d === Math.ceil(dur), `timestamp step ${d}`);
      }
      assert.ok(f.timestamp <= frames[i].at, `frame stamped in the future: ${f.timestamp} > ${frames[i].at}`);
    }
    // The simulated cell: B in anti-phase with A.
    const f = frames[0].json;
    let dot = 0;
    for (let i = 0; i < f.channel_a.length; i++) dot += f.channel_a[i] * f.channel_b[i];
    assert.ok(dot < 0, 'channel B in anti-phase with A');
  });

  test('decimate=K keeps samples 0, K, 2K of the same frame', async () => {
    const K = 7;
    const full = new RawSse(srv.port, '/api/audio/stream/audio', { headers: auth() });
    const dec = new RawSse(srv.port, `/api/audio/stream/audio?decimate=${K}`, { headers: auth() });
    await dec.waitFor((x) => x.frames().length >= 4, 15000, 'decimated frames');
    await full.waitFor((x) => x.frames().length >= 4, 15000, 'full frames');
    await dec.close();
    await full.close();
    const fullBy = new Map(full.frames().map((e) => [e.json.frame_number, e.json]));
    let compared = 0;
    for (const e of dec.frames()) {
      const d = e.json;
      assert.equal(d.channel_a.length, Math.ceil(FRAME / K));
      const f = fullBy.get(d.frame_number);
      if (!f) continue;
      compared++;
      for (let j = 0; j < d.channel_a.length; j++) {
        assert.equal(d.channel_a[j], f.channel_a[j * K]);
        assert.equal(d.channel_b[j], f.channel_b[j * K]);
      }
      assert.equal(d.timestamp, f.timestamp);
      assert.equal(d.sample_rate, f.sample_rate);
    }
    assert.ok(compared >= 2, `compared ${compared} common frames`);
  });

  test('encoding=f32 and /audio/fast decode to the JSON samples', async () => {
    const json = new RawSse(srv.port, '/api/audio/stream/audio', { headers: auth() });
    const f32 = new RawSse(srv.port, '/api/audio/stream/audio?encoding=f32', { headers: auth() });
    const fast = new RawSse(srv.port, '/api/audio/stream/audio/fast?decimate=3', { headers: auth() });
    for (const s of [f32, fast, json]) await s.waitFor((x) => x.frames().length >= 4, 15000, 'frames');
    for (const s of [f32, fast, json]) await s.close();
    const byNum = new Map(json.frames().map((e) => [e.json.frame_number, e.json]));
    let compared = 0;
    for (const [s, K] of [[f32, 1], [fast, 3]]) {
      for (const e of s.frames()) {
        const f = e.json;
        assert.equal(f.channels_raw_type, 'f32');
        assert.equal(f.channels_element_size, 4);
        assert.equal(f.channels_length, Math.ceil(FRAME / K));
        assert.match(f.channel_a, /^[A-Za-z0-9+/]*={0,2}$/, 'standard padded base64');
        assert.equal(f.channel_a.length % 4, 0);
        const a = decodeF32(f.channel_a);
        const b = decodeF32(f.channel_b);
        assert.equal(a.length, f.channels_length);
        assert.equal(b.length, f.channels_length);
        const ref = byNum.get(f.frame_number);
        if (!ref) continue;
        compared++;
        // The JSON text parses back to exactly the float32 sent in binary.
        for (let j = 0; j < a.length; j++) {
          if (Math.fround(ref.channel_a[j * K]) !== a[j] || Math.fround(ref.channel_b[j * K]) !== b[j]) {
            assert.fail(`frame ${f.frame_number} sample ${j * K}: JSON ${ref.channel_a[j * K]}/${ref.channel_b[j * K]} vs f32 ${a[j]}/${b[j]}`);
          }
        }
        assert.equal(f.timestamp, ref.timestamp);
      }
    }
    assert.ok(compared >= 3, `compared ${compared} frames`);
  });

  test('spectral frames: fields, fmin/fmax restrict bins, phase on request, peak at 2000 Hz', async () => {
    const full = new RawSse(srv.port, '/api/audio/stream/spectral', { headers: auth() });
    const band = new RawSse(srv.port, '/api/audio/stream/spectral?fmin=1500&fmax=2500&phase=true', { headers: auth() });
    for (const s of [full, band]) await s.waitFor((x) => x.frames().length >= 3, 15000, 'spectra');
    for (const s of [full, band]) await s.close();
    const binHz = SAMPLE_RATE / WINDOW;
    for (const e of full.frames()) {
      const f = e.json;
      for (const k of ['frequencies', 'magnitude_a', 'magnitude_b', 'phase_a', 'phase_b', 'frame_number', 'timestamp', 'sample_rate']) {
        assert.ok(k in f, `spectral field ${k}`);
      }
      assert.equal(f.sample_rate, SAMPLE_RATE);
      assert.equal(f.frequencies.length, WINDOW / 2 + 1);
      assert.equal(f.magnitude_a.length, f.frequencies.length);
      assert.equal(f.magnitude_b.length, f.frequencies.length);
      assert.equal(f.phase_a, null);
      assert.equal(f.phase_b, null);
      for (let k = 0; k < f.frequencies.length; k += 97) assert.ok(Math.abs(f.frequencies[k] - k * binHz) < 1e-3);
      let peak = 0;
      for (let k = 1; k < f.magnitude_a.length; k++) if (f.magnitude_a[k] > f.magnitude_a[peak]) peak = k;
      assert.ok(Math.abs(f.frequencies[peak] - 2000) <= binHz, `peak at ${f.frequencies[peak]} Hz`);
      // Single-sided amplitude: the 0.5-amplitude sine reads near 0.5 (Hann scalloping < 1.5 dB).
      assert.ok(f.magnitude_a[peak] > 0.3 && f.magnitude_a[peak] < 0.6, `peak magnitude ${f.magnitude_a[peak]}`);
    }
    const fullBy = new Map(full.frames().map((e) => [e.json.frame_number, e.json]));
    let compared = 0;
    for (const e of band.frames()) {
      const f = e.json;
      assert.ok(f.frequencies.length > 0 && f.frequencies.length < 100, `${f.frequencies.length} bins in band`);
      for (const hz of f.frequencies) assert.ok(hz >= 1500 && hz <= 2500, `bin ${hz} outside [1500, 2500]`);
      assert.ok(Array.isArray(f.phase_a) && f.phase_a.length === f.frequencies.length);
      assert.ok(Array.isArray(f.phase_b) && f.phase_b.length === f.frequencies.length);
      for (const p of [...f.phase_a, ...f.phase_b]) assert.ok(Math.abs(p) <= Math.PI + 1e-6, `phase ${p}`);
      const ref = fullBy.get(f.frame_number);
      if (!ref) continue;
      compared++;
      const first = ref.frequencies.indexOf(f.frequencies[0]);
      assert.ok(first > 0);
      assert.deepEqual(f.magnitude_a, ref.magnitude_a.slice(first, first + f.frequencies.length));
      // Every bin inside the band is sent.
      const inBand = ref.frequencies.filter((hz) => hz >= 1500 && hz <= 2500).length;
      assert.equal(f.frequencies.length, inBand);
    }
    assert.ok(compared >= 1, 'at least one common spectral frame');
  });
});
