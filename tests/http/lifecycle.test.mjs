// docs/api.md "Streams": heartbeats, replay after Last-Event-ID (raw
// header, query parameter, and a real EventSource reconnecting), stream end
// at token expiry, and the end of a non-looping file source.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { EventSource } from 'eventsource';
import {
  launch, makeToken, getJson, curl, splitHttp, parseSse, RawSse, frameNumbers, nowSecs, sleep, until,
  tempDir, writeWav,
} from './helpers.mjs';

const HEARTBEAT = '{"type":"heartbeat"}';

describe('heartbeats', () => {
  let srv;
  before(async () => {
    // One 2000-sample frame every 20 s at 100 Hz: the streams sit idle.
    srv = await launch({
      acquisition: { sample_rate: 100, frame_size: 2000, simulated: { frequency: 10 } },
      streaming: { sse_timeout_secs: 1, spectral_window_size: 256 },
    });
  });
  after(async () => { await srv.stop(); });

  test(`/audio, /spectral, /events: exactly ${HEARTBEAT} every sse_timeout_secs while no frame comes`, async () => {
    const paths = [['/api/audio/stream/audio', false], ['/api/audio/stream/spectral', false],
      ['/api/audio/stream/events?types=audio,spectral', true]];
    const streams = paths.map(([path]) => new RawSse(srv.port, path, { headers: { Authorization: `Bearer ${makeToken()}` } }));
    const beats = (s) => s.events.filter((e) => e.data === HEARTBEAT);
    await Promise.all(streams.map((s) => s.waitFor(() => beats(s).length >= 3, 20000, '3 heartbeats')));
    for (const s of streams) await s.close();
    for (const [i, [path, named]] of paths.entries()) {
      const s = streams[i];
      assert.ok(s.bodyText.startsWith('retry: '), `${path}: retry first`);
      for (const e of beats(s)) {
        assert.deepEqual(e.lines, named ? ['event: heartbeat', `data: ${HEARTBEAT}`] : [`data: ${HEARTBEAT}`], path);
      }
      // Heartbeats with no frame in between come every second, not faster
      // (the span, not each gap: arrivals bunch when this process stalls).
      const evs = s.events.slice(1);
      const lastFrame = evs.findLastIndex((e) => e.id !== undefined);
      const quiet = evs.slice(lastFrame + 1).filter((e) => e.data === HEARTBEAT);
      if (quiet.length >= 3) {
        const span = quiet.at(-1).at - quiet[0].at;
        assert.ok(span >= (quiet.length - 1) * 800, `${path}: ${quiet.length} heartbeats within ${span} ms`);
      }
    }
  });
});

describe('replay after Last-Event-ID', () => {
  let srv;
  before(async () => {
    srv = await launch({ acquisition: { target_fps: 30 }, streaming: { broadcast_buffer_size: 100, sse_retry_ms: 500 } });
    await until(async () => (await getJson(srv, '/api/audio/stream/latest', { token: makeToken() })).json?.frame_number >= 40,
      20000, '40 frames');
  });
  after(async () => { await srv.stop(); });

  async function replayFrom(headersOrQuery) {
    const latest = (await getJson(srv, '/api/audio/stream/latest?decimate=400', { token: makeToken() })).json.frame_number;
    const n = latest - 25;
    const query = headersOrQuery === 'query' ? `&last_event_id=${n}` : '';
    const headers = { Authorization: `Bearer ${makeToken()}` };
    if (headersOrQuery === 'header') headers['Last-Event-ID'] = String(n);
    const s = new RawSse(srv.port, `/api/audio/stream/audio?decimate=400${query}`, { headers });
    await s.waitFor((x) => x.frames().length >= 35, 20000, '35 frames');
    await s.close();
    const nums = frameNumbers(s.frames());
    assert.equal(nums[0], n + 1, `first frame after Last-Event-ID ${n}`);
    for (let i = 1; i < nums.length; i++) assert.equal(nums[i], nums[i - 1] + 1);
    assert.ok(nums.at(-1) > latest, 'live frames follow the replay');
    // The retained frames arrive at once, not at the live pace.
    const replayed = s.frames().filter((e) => e.json.frame_number <= latest);
    assert.ok(replayed.at(-1).at - replayed[0].at < 1000, 'replayed frames arrive together');
  }

  test('Last-Event-ID header (raw socket) replays every retained frame after N, then live', () => replayFrom('header'));
  test('?last_event_id=N does the same', () => replayFrom('query'));

  test('curl with Last-Event-ID older than the ring: a lag notice, then the oldest retained frame', async () => {
    await until(async () => (await getJson(srv, '/api/audio/stream/stats', { token: makeToken() })).json.total_frames > 120,
      30000, 'more frames than the ring holds');
    const r = await curl(['-N', '-i', '--max-time', '2', '-H', `Authorization: Bearer ${makeToken()}`, '-H', 'Last-Event-ID: 3',
      `${srv.base}/api/audio/stream/audio?decimate=400`]);
    const { status, body } = splitHttp(r.stdout);
    assert.equal(status, 200);
    const { events } = parseSse(body.toString());
    const first = events.findIndex((e) => e.id !== undefined);
    assert.ok(first > 0);
    const lag = events[first - 1];
    assert.equal(lag.json?.type, 'lagged', `a lag notice before the first frame: ${lag.lines}`);
    assert.equal(lag.json.skipped, events[first].json.frame_number - 4, 'skipped = gap after Last-Event-ID 3');
  });

  test('every stream type announces a resume gap older than the ring, and the gap is counted', async () => {
    await until(async () => (await getJson(srv, '/api/audio/stream/stats', { token: makeToken() })).json.total_frames > 120,
      30000, 'more frames than the ring holds');
    const dropped = async () => {
      const stats = (await getJson(srv, '/api/audio/stream/stats', { token: makeToken() })).json.dropped_frames;
      const text = await (await fetch(`${srv.base}/metrics`)).text();
      return { stats, metrics: Number(text.match(/^acoustream_dropped_frames_total (\S+)$/m)?.[1]) };
    };
    const before = await dropped();
    const headers = { Authorization: `Bearer ${makeToken()}`, 'Last-Event-ID': '3' };
    const spec = new RawSse(srv.port, '/api/audio/stream/spectral?fmin=1990&fmax=2010', { headers });
    const ev = new RawSse(srv.port, '/api/audio/stream/events?types=audio,spectral&decimate=400&fmin=1990&fmax=2010', { headers });
    await spec.waitFor((x) => x.frames().length >= 2, 20000, '2 spectra');
    await ev.waitFor((x) => ['audio', 'spectral'].every((n) => x.events.filter((e) => e.event === n).length >= 2), 20000, '2 events of each type');
    await spec.close();
    await ev.close();

    // /spectral: a lag notice first, skipped = the gap after frame 3.
    const events = spec.events.filter((e) => e.data !== undefined);
    assert.equal(events[0].json?.type, 'lagged', `/spectral: a lag notice before the first spectrum: ${events[0].lines}`);
    const firstSpectrum = events.find((e) => e.id !== undefined);
    assert.equal(events[0].json.skipped, firstSpectrum.json.frame_number - 4, '/spectral: skipped = gap after Last-Event-ID 3');

    // /events: one notice per type, each naming its type, before that type's first event.
    let skippedTotal = events[0].json.skipped;
    for (const name of ['audio', 'spectral']) {
      const first = ev.events.findIndex((e) => e.event === name);
      const notice = ev.events.slice(0, first).find((e) => e.event === 'lagged' && e.json?.event === name);
      assert.ok(notice, `/events: a lagged event naming ${name} before the first ${name} event`);
      assert.equal(notice.json.skipped, Number(ev.events[first].id) - 4, `/events: ${name} skipped = gap`);
      skippedTotal += notice.json.skipped;
    }
    assert.equal(ev.events.filter((e) => e.event === 'lagged').length, 2, '/events: exactly two notices');

    // The resume gaps are dropped frames, in /stats and /metrics alike.
    const after = await dropped();
    assert.ok(after.stats - before.stats >= skippedTotal, `stats dropped_frames grew by ${after.stats - before.stats} >= ${skippedTotal}`);
    assert.ok(after.metrics - before.metrics >= skippedTotal, `metrics dropped grew by ${after.metrics - before.metrics} >= ${skippedTotal}`);
  });

  test('/spectral and /events replay after Last-Event-ID too', async () => {
    const latest = (await getJson(srv, '/api/audio/stream/latest?decimate=400', { token: makeToken() })).json.frame_number;
    const n = latest - 10;
    const headers = { Authorization: `Bearer ${makeToken()}`, 'Last-Event-ID': String(n) };
    const spec = new RawSse(srv.port, '/api/audio/stream/spectral?fmin=1990&fmax=2010', { headers });
    const ev = new RawSse(srv.port, '/api/audio/stream/events?types=audio,spectral&decimate=400&fmin=1990&fmax=2010', { headers });
    await spec.waitFor((x) => x.frames().length >= 12, 20000, '12 spectra');
    await ev.waitFor((x) => x.events.filter((e) => e.event === 'spectral').length >= 12, 20000, '12 spectral events');
    await spec.close();
    await ev.close();
    assert.equal(spec.frames()[0].json.frame_number, n + 1);
    for (const name of ['audio', 'spectral']) {
      const nums = ev.events.filter((e) => e.event === name).map((e) => Number(e.id));
      assert.equal(nums[0], n + 1, `${name} replay starts after ${n}`);
      for (let i = 1; i < nums.length; i++) assert.equal(nums[i], nums[i - 1] + 1, `${name} consecutive`);
    }
  });

  test('bad Last-Event-ID → 400 JSON', async () => {
    const r = await getJson(srv, '/api/audio/stream/audio', { token: makeToken(), headers: { 'Last-Event-ID': 'abc' } });
    assert.equal(r.status, 400);
    assert.equal(r.json.error, 'invalid_parameter');
    const q = await getJson(srv, '/api/audio/stream/audio?last_event_id=-1', { token: makeToken() });
    assert.equal(q.status, 400);
  });

  test('EventSource (eventsource package) reconnects with Last-Event-ID and misses nothing', async () => {
    // The first connection's token expires in ~2 s, so the server ends that
    // stream; the client reconnects by itself with a fresh token.
    const sent = [];
    let connections = 0;
    const es = new EventSource(`${srv.base}/api/audio/stream/audio?decimate=400`, {
      fetch: (url, init) => {
        connections += 1;
        const headers = new Headers(init.headers);
        sent.push(headers.get('last-event-id'));
        const t = connections === 1 ? makeToken({ exp: nowSecs() + 2 }) : makeToken();
        headers.set('Authorization', `Bearer ${t}`);
        return fetch(url, { ...init, headers });
      },
    });
    const got = [];
    const lastIds = [];
    const errors = [];
    es.onmessage = (m) => { got.push(JSON.parse(m.data)); lastIds.push(m.lastEventId); };
    es.onerror = (e) => { errors.push(e); };
    try {
      await until(() => connections >= 2 && got.length > 0 && got.at(-1).frame_number > 0 &&
        lastIds.slice(-1)[0] !== sent[1] && got.length >= 150, 30000, 'a reconnect and frames after it', 50);
    } finally {
      es.close();
    }
    assert.equal(sent[0], null, 'first request has no Last-Event-ID');
    assert.match(sent[1], /^\d+$/, 'reconnect sends Last-Event-ID');
    const nums = got.filter((f) => typeof f.frame_number === 'number').map((f) => f.frame_number);
    const at = nums.indexOf(Number(sent[1]));
    assert.ok(at >= 0, 'Last-Event-ID is the last frame received');
    assert.equal(nums[at + 1], Number(sent[1]) + 1, 'the replay starts right after it');
    for (let i = 1; i < nums.length; i++) assert.equal(nums[i], nums[i - 1] + 1, `no gap, no duplicate at ${i}: ${nums[i - 1]} → ${nums[i]}`);
    assert.ok(!got.some((f) => f.type === 'lagged'), 'no lag across the reconnect');
  });
});

describe('token expiry', () => {
  let srv;
  // ~4 MB/s of full frames, so a client that stops reading blocks a write.
  before(async () => {
    srv = await launch({ acquisition: { sample_rate: 192000, frame_size: 4800 }, streaming: { sse_timeout_secs: 1, spectral_window_size: 1024 } });
  });
  after(async () => { await srv.stop(); });

  test('a client that stopped reading (write blocked) is also closed within 5 s after exp', async () => {
    const token = makeToken();
    const exp = nowSecs() + 3;
    const s = new RawSse(srv.port, '/api/audio/stream/audio', { headers: { Authorization: `Bearer ${makeToken({ exp })}` }, keepRaw: false });
    await s.waitFor((x) => x.frames().length >= 1, 10000, 'a frame');
    s.socket.pause();
    const subscribers = async () => (await getJson(srv, '/api/audio/stream/stats', { token })).json.active_subscribers;
    assert.equal(await subscribers(), 1);
    await until(async () => (await subscribers()) === 0 || Date.now() > exp * 1000 + 10000, 20000, 'the stream to close', 200);
    const closedAt = Date.now();
    s.socket.destroy();
    assert.ok(closedAt <= exp * 1000 + 5000, `closed ${closedAt - exp * 1000} ms after exp`);
    const metrics = (await getJson(srv, '/metrics')).text;
    assert.equal(Number(metrics.match(/^acoustream_write_timeouts_total (\S+)$/m)[1]), 0, 'an expiry is not a write timeout');
  });

  test('a stream closes within 5 s after its token exp (frames flowing and idle)', async () => {
    for (const path of ['/api/audio/stream/audio?decimate=100', '/api/audio/stream/events?types=stats']) {
      const exp = nowSecs() + 2;
      const s = new RawSse(srv.port, path, { headers: { Authorization: `Bearer ${makeToken({ exp })}` } });
      await s.waitFor((x) => x.status !== null, 5000, 'headers');
      assert.equal(s.status, 200);
      await Promise.race([s.closed, sleep(15000)]);
      assert.ok(s.ended, `${path}: stream still open 13 s after exp`);
      assert.ok(s.endedAt <= exp * 1000 + 5000, `${path}: closed ${s.endedAt - exp * 1000} ms after exp`);
      assert.ok(s.endedAt >= (exp - 1) * 1000, `${path}: closed before exp`);
      assert.ok(s.events.length >= 2, 'it streamed until then');
    }
  });
});

describe('end of a non-looping file source', () => {
  const RATE = 8000;
  const FRAME = 800;
  const TOTAL = 45 * FRAME + 100; // 46 frames, the last one 100 samples
  let srv;
  let early;
  let a;
  let b;
  before(async () => {
    const dir = tempDir();
    const path = join(dir, 'short.wav');
    a = new Int16Array(TOTAL);
    b = new Int16Array(TOTAL);
    for (let i = 0; i < TOTAL; i++) {
      a[i] = Math.round(12000 * Math.sin(2 * Math.PI * 440 * i / RATE));
      b[i] = (i * 37) % 20000 - 10000;
    }
    writeWav(path, { sampleRate: RATE, channels: [a, b] });
    srv = await launch({
      acquisition: { source: 'file', sample_rate: RATE, frame_size: FRAME, file: { path, loop: false, realtime: true } },
      streaming: { sse_timeout_secs: 1, spectral_window_size: 1024, broadcast_buffer_size: 100 },
    });
    // Opened while the file plays (it lasts 4.5 s).
    early = new RawSse(srv.port, '/api/audio/stream/audio', { headers: { Authorization: `Bearer ${makeToken()}` } });
  });
  after(async () => { await srv.stop(); });

  test('a stream open during playback gets every frame to the end, then closes', async () => {
    await Promise.race([early.closed, sleep(20000)]);
    assert.ok(early.ended, 'stream must close after the file ends');
    const frames = early.frames();
    assert.ok(frames.length > 0);
    const nums = frameNumbers(frames);
    for (let i = 1; i < nums.length; i++) assert.equal(nums[i], nums[i - 1] + 1);
    assert.equal(nums.at(-1), 45);
    assert.equal(frames.at(-1).json.channel_a.length, 100);
    assert.ok(!early.events.some((e) => e.data === HEARTBEAT && e.at > frames.at(-1).at + 1500), 'no heartbeats after the end');
  });

  test('stats: total_frames equals the number of frames; /latest is the short last frame', async () => {
    const token = makeToken();
    const st = await until(async () => {
      const r = await getJson(srv, '/api/audio/stream/stats', { token });
      return r.json.stream_closed || r.json.source?.state === 'ended' ? r : null;
    }, 20000, 'the end of acquisition');
    assert.equal(st.json.total_frames, 46);
    const latest = await getJson(srv, '/api/audio/stream/latest', { token });
    assert.equal(latest.status, 200);
    const f = latest.json;
    assert.equal(f.frame_number, 45);
    assert.equal(f.sample_rate, RATE);
    assert.equal(f.channel_a.length, 100);
    assert.equal(f.channel_b.length, 100);
    assert.equal(f.duration_ms, 100 / RATE * 1000);
    for (let i = 0; i < 100; i++) {
      // Shortest float32 text: parses back to exactly the file's sample.
      assert.equal(Math.fround(f.channel_a[i]), a[45 * FRAME + i] / 32768, `A[${i}]`);
      assert.equal(Math.fround(f.channel_b[i]), b[45 * FRAME + i] / 32768, `B[${i}]`);
    }
    const health = await getJson(srv, '/healthz');
    assert.equal(health.status, 200, 'a finished file is not a failure');
  });

  test('a new stream request after the end is answered and closed promptly, never left on heartbeats', async () => {
    const token = makeToken();
    await until(async () => (await getJson(srv, '/api/audio/stream/stats', { token })).json.total_frames === 46, 20000, 'end');
    for (const path of ['/api/audio/stream/audio', '/api/audio/stream/spectral', '/api/audio/stream/events']) {
      const s = new RawSse(srv.port, path, { headers: { Authorization: `Bearer ${token}` } });
      await Promise.race([s.closed, sleep(8000)]);
      assert.ok(s.ended, `${path} still open after 8 s`);
      assert.ok(!s.events.some((e) => e.data === HEARTBEAT), `${path}: heartbeat after the end`);
      if (s.status === 200) {
        assert.equal(s.headers.get('content-type'), 'text/event-stream');
      } else {
        assert.ok(s.status >= 400, `${path}: ${s.head}`);
        assert.match(s.bodyText, /"error"/);
      }
    }
    // With Last-Event-ID the retained frames are still replayed before the end.
    const r = new RawSse(srv.port, '/api/audio/stream/audio', { headers: { Authorization: `Bearer ${token}`, 'Last-Event-ID': '40' } });
    await Promise.race([r.closed, sleep(8000)]);
    assert.ok(r.ended);
    assert.deepEqual(frameNumbers(r.frames()), [41, 42, 43, 44, 45]);
  });
});
