// The example clients of examples/ (Python with Debian's httpx and numpy,
// Node with fetch) against the real server: they read every frame of the
// f32 stream, bit-exact, count gaps, reconnect with Last-Event-ID after a cut
// connection, and stop at once, with the server's error, on a bad token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import net from 'node:net';
import { launch, makeToken, getJson, until, tempDir, writeWav } from './helpers.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const CLIENTS = {
  python: ['/usr/bin/python3', join(ROOT, 'examples', 'python', 'client.py')],
  node: [process.execPath, join(ROOT, 'examples', 'node', 'client.mjs')],
};
const SAMPLES_PER_FRAME = 1600; // 48 kHz at 30 fps (BASE_CONFIG)

// Runs an example client to its end; resolves { code, stdout, stderr,
// summary } (summary: the JSON of its last stdout line).
function runClient(name, args, { timeoutMs = 60000 } = {}) {
  const [cmd, script] = CLIENTS[name];
  return new Promise((resolve) => {
    execFile(cmd, [script, ...args], {
      timeout: timeoutMs,
      env: { ...process.env, ACOUSTREAM_TOKEN: '', PYTHONDONTWRITEBYTECODE: '1' },
    }, (err, stdout, stderr) => {
      let summary = null;
      try { summary = JSON.parse(stdout.trim().split('\n').at(-1)); } catch { /* asserted by callers */ }
      resolve({ code: err ? (err.code ?? err.signal ?? 1) : 0, stdout, stderr, summary });
    });
  });
}

// A TCP relay between a client and the server that the test can cut: the
// reliable way to drop a live stream from outside without stopping the
// server (a new server would number its frames from 0 again, and an expiring
// token cannot reconnect). It records the request head of every connection,
// so the test sees the Last-Event-ID the client resumed with.
function startRelay(targetPort) {
  const pairs = new Set();
  const relay = { heads: [], bytesDown: 0, connections: 0 };
  const server = net.createServer((down) => {
    relay.connections += 1;
    const up = net.connect(targetPort, '127.0.0.1');
    const pair = { down, up };
    pairs.add(pair);
    let head = '';
    const index = relay.heads.push('') - 1;
    down.on('data', (d) => {
      if (head.length < 8192) { head += d.toString('latin1'); relay.heads[index] = head; }
    });
    up.on('data', (d) => { relay.bytesDown += d.length; });
    down.pipe(up);
    up.pipe(down);
    const end = () => { down.destroy(); up.destroy(); pairs.delete(pair); };
    for (const s of [down, up]) { s.on('error', () => {}); s.on('close', end); }
  });
  relay.listening = new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    relay.port = server.address().port;
    relay.base = `http://127.0.0.1:${relay.port}`;
    resolve();
  }));
  // Drops every open connection, as a network failure would: with a FIN to
  // the client (which it cannot tell from the server ending the stream: the
  // body is delimited by the close), or with reset: true a TCP RST (a read
  // error in the client).
  relay.cut = ({ reset = false } = {}) => {
    for (const { down, up } of pairs) {
      if (reset) down.resetAndDestroy(); else down.destroy();
      up.destroy();
    }
  };
  relay.close = () => new Promise((resolve) => { relay.cut(); server.close(() => resolve()); });
  return relay;
}

async function firstFrame(srv) {
  await until(async () => (await getJson(srv, '/api/audio/stream/latest', { token: makeToken() })).status === 200,
    15000, 'a first frame');
}

// Frames numbered first..last, each once: no gap and no repeat.
function assertConsecutive(s, out) {
  assert.equal(s.last_frame - s.first_frame + 1, s.frames, `frames consecutive: ${out}`);
  assert.equal(s.unannounced_gaps, 0, `no unannounced gap: ${out}`);
  assert.equal(s.unannounced_gap_frames, 0, out);
  assert.equal(s.length_errors, 0, `every channel as long as channels_length: ${out}`);
}

let srv;
before(async () => {
  srv = await launch();
  await firstFrame(srv);
});
after(async () => { if (srv) await srv.stop(); });

for (const name of Object.keys(CLIENTS)) {
  test(`${name} client reads 60 consecutive f32 frames of the 2 kHz sine, RMS about 0.354`, async () => {
    const r = await runClient(name, ['--url', srv.base, '--token', makeToken(), '--frames', '60']);
    const out = `${r.stdout}\n${r.stderr}`;
    assert.equal(r.code, 0, out);
    const s = r.summary;
    assert.ok(s, `a JSON summary line: ${out}`);
    assert.equal(s.frames, 60, out);
    assert.equal(s.stopped, 'frames', out);
    assertConsecutive(s, out);
    assert.equal(s.announced_gap_frames, 0, out);
    assert.equal(s.reconnects, 0, out);
    assert.equal(s.samples, 60 * SAMPLES_PER_FRAME, out);
    assert.ok(s.bytes > 60 * SAMPLES_PER_FRAME * 2 * 4, `at least the samples' bytes: ${out}`);
    // Amplitude 0.5 sine (RMS 0.3536) plus noise of sigma 0.05 (both channels, B in antiphase).
    for (const rms of [s.rms_a, s.rms_b]) assert.ok(rms > 0.3 && rms < 0.42, `rms ${rms}: ${out}`);
  });

  test(`${name} client with --decimate 4 gets every fourth sample`, async () => {
    const r = await runClient(name, ['--url', srv.base, '--token', makeToken(), '--frames', '15', '--decimate', '4', '--quiet']);
    const out = `${r.stdout}\n${r.stderr}`;
    assert.equal(r.code, 0, out);
    assert.equal(r.summary.frames, 15, out);
    assertConsecutive(r.summary, out);
    assert.equal(r.summary.samples, 15 * (SAMPLES_PER_FRAME / 4), out);
    assert.ok(r.summary.rms_a > 0.3 && r.summary.rms_a < 0.42, out);
  });

  // The relay cuts the stream once while frames flow; the client must come
  // back through it with Last-Event-ID and the server replays the frames it
  // retains after that id (100 frames, 3.3 s; the client waits the server's
  // retry: of 1.5 s), so the sequence continues without any gap.
  test(`${name} client reconnects after a cut connection with Last-Event-ID, without a gap`, async () => {
    const relay = startRelay(srv.port);
    try {
      await relay.listening;
      const running = runClient(name, ['--url', relay.base, '--token', makeToken(), '--seconds', '7', '--quiet']);
      // About 20 frames of f32 (17 KB each) through the relay, then the cut.
      await until(() => relay.bytesDown > 350_000, 10000, 'frames through the relay');
      relay.cut();
      const r = await running;
      const out = `${r.stdout}\n${r.stderr}\nrequests:\n${relay.heads.join('\n')}`;
      assert.equal(r.code, 0, out);
      const s = r.summary;
      assert.equal(s.stopped, 'seconds', out);
      assert.ok(s.reconnects >= 1, `reconnected: ${out}`);
      // The stream body is delimited by the connection's close, so the cut
      // looks like the server ending it: the client then also asks /stats
      // whether the source has ended (and may send its next request on that
      // kept-alive connection). Only the stream requests count.
      const streams = relay.heads.flatMap((h) => h.split('\r\n\r\n'))
        .filter((h) => h.startsWith('GET /api/audio/stream/audio?'));
      assert.ok(streams.length >= 2, out);
      assert.doesNotMatch(streams[0], /last-event-id/i, 'the first request resumes nothing');
      const resumed = streams[1].match(/^last-event-id: *(\d+)\r?$/im);
      assert.ok(resumed, `the reconnect sends Last-Event-ID: ${out}`);
      const id = Number(resumed[1]);
      assert.ok(id >= s.first_frame && id < s.last_frame, `resumed inside the sequence (id ${id}): ${out}`);
      assertConsecutive(s, out);
      assert.equal(s.announced_gap_frames, 0, `replayed, nothing skipped: ${out}`);
      // 7 s at 30 fps, less the start: most of the frames published while it ran.
      assert.ok(s.frames >= 150, out);
      for (const rms of [s.rms_a, s.rms_b]) assert.ok(rms > 0.3 && rms < 0.42, `rms ${rms}: ${out}`);
    } finally {
      await relay.close();
    }
  });

  test(`${name} client exits non-zero with the server's error on a refused token, without retrying`, async () => {
    const cases = [
      makeToken({}, { key: 'not-the-server-secret-0123456789abcdef' }), // 401 invalid_token
      makeToken({ scope: 'something:else' }), // 403 insufficient_scope
    ];
    for (const token of cases) {
      const expected = await getJson(srv, '/api/audio/stream/stats', { token });
      assert.ok([401, 403].includes(expected.status), expected.text);
      const r = await runClient(name, ['--url', srv.base, '--token', token, '--seconds', '20'], { timeoutMs: 20000 });
      const out = `${r.stdout}\n${r.stderr}`;
      assert.equal(r.code, 1, out);
      assert.ok(r.stderr.includes(expected.json.error), `stderr names ${expected.json.error}: ${out}`);
      assert.ok(r.stderr.includes(expected.json.error_description), `stderr has the server's description: ${out}`);
      assert.equal(r.summary.stopped, 'error', out);
      assert.equal(r.summary.error.status, expected.status, out);
      assert.equal(r.summary.reconnects, 0, `no retry: ${out}`);
      assert.ok(r.summary.seconds < 10, `stopped at once: ${out}`);
    }
  });
}

// A resume after the server has dropped the frames (it retains only 10,
// 0.33 s, and the client comes back after 1.5 s; the cut is a TCP reset
// this time): the server announces the
// gap with {"type":"lagged","skipped":N}, and the client counts it as
// announced, not as a loss it was not told about.
test('an outage longer than the retained frames is an announced gap to both clients', async () => {
  const small = await launch({ streaming: { broadcast_buffer_size: 10 } });
  try {
    await firstFrame(small);
    for (const name of Object.keys(CLIENTS)) {
      const relay = startRelay(small.port);
      try {
        await relay.listening;
        const running = runClient(name, ['--url', relay.base, '--token', makeToken(), '--seconds', '5', '--quiet']);
        await until(() => relay.bytesDown > 200_000, 10000, 'frames through the relay');
        relay.cut({ reset: true });
        const r = await running;
        const out = `${name}: ${r.stdout}\n${r.stderr}`;
        assert.equal(r.code, 0, out);
        const s = r.summary;
        assert.ok(s.reconnects >= 1, out);
        assert.ok(s.announced_gap_frames > 0, `the skipped frames were announced: ${out}`);
        assert.equal(s.unannounced_gaps, 0, out);
        assert.equal(s.length_errors, 0, out);
        // Every frame between first and last was received or announced as skipped.
        assert.equal(s.last_frame - s.first_frame + 1, s.frames + s.announced_gap_frames, out);
        assert.match(r.stderr, /announced \d+ skipped frame/, out);
      } finally {
        await relay.close();
      }
    }
  } finally {
    await small.stop();
  }
});

// A file source that plays once: each client, started without --seconds or
// --frames, reads to the last frame, sees the stream end, finds
// stream_closed in /stats and stops by itself instead of reconnecting forever.
test('both clients stop by themselves when a non-looping file source ends', async () => {
  const wav = join(tempDir('acoustream-examples-'), 'sine.wav');
  const n = 48000 * 4; // 4 s: 120 frames of 1600 samples
  // 2 kHz at amplitude 0.5 (16384 / 32768), no noise: RMS 0.3536.
  const sine = Array.from({ length: n }, (_, i) => Math.round(16384 * Math.sin((2 * Math.PI * 2000 * i) / 48000)));
  writeWav(wav, { sampleRate: 48000, channels: [sine, sine] });
  const file = await launch({ acquisition: { source: 'file', file: { path: wav, loop: false }, frame_size: 1600 } });
  try {
    const args = ['--url', file.base, '--token', makeToken(), '--quiet'];
    const results = await Promise.all(Object.keys(CLIENTS).map((name) => runClient(name, args, { timeoutMs: 30000 })));
    for (const [i, name] of Object.keys(CLIENTS).entries()) {
      const r = results[i];
      const out = `${name}: ${r.stdout}\n${r.stderr}`;
      assert.equal(r.code, 0, out);
      const s = r.summary;
      assert.equal(s.stopped, 'acquisition_ended', out);
      assert.equal(s.last_frame, n / 1600 - 1, `read to the last frame: ${out}`);
      assert.ok(s.frames >= 30, out);
      assertConsecutive(s, out);
      for (const rms of [s.rms_a, s.rms_b]) assert.ok(Math.abs(rms - 0.5 / Math.SQRT2) < 0.005, `rms ${rms}: ${out}`);
    }
  } finally {
    await file.stop();
  }
});
