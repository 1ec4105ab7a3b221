// The wall clock moved for real under a running server (docs/api.md, "Authentication"):
// libfaketime (Debian `faketime`) is preloaded into the server with a
// timestamp file, so rewriting the file steps CLOCK_REALTIME in that process
// only, while CLOCK_MONOTONIC stays real (FAKETIME_DONT_FAKE_MONOTONIC).
// Pacing and frame timestamps must not notice the steps; token validation,
// which is about wall time, must.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, makeToken, getJson, RawSse, frameNumbers, nowSecs, sleep, tempDir } from './helpers.mjs';

const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
const STATS = '/api/audio/stream/stats';
const DAY = 86400;

describe('wall clock stepped under the running server (libfaketime)', () => {
  let srv;
  let offsetFile;
  const step = (spec) => writeFileSync(offsetFile, `${spec}\n`);

  before(async () => {
    assert.ok(existsSync(LIBFAKETIME), `${LIBFAKETIME} is missing: install the Debian package faketime (scripts/install-deps.sh)`);
    offsetFile = join(tempDir('acoustream-clock-'), 'offset');
    step('+0');
    const env = {
      LD_PRELOAD: LIBFAKETIME,
      FAKETIME_TIMESTAMP_FILE: offsetFile,
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
      FAKETIME_NO_CACHE: '1',
    };
    // The sanitizer runtimes want to be the first library loaded.
    if (process.env.ASAN_OPTIONS) env.ASAN_OPTIONS = `${process.env.ASAN_OPTIONS}:verify_asan_link_order=0`;
    srv = await launch({}, { env });
  });
  after(async () => { step('+0'); await srv.stop(); });

  test('steps of +2 days and -1 day: frames stay paced and stamped on the steady clock; tokens are judged on the new wall time', async () => {
    const now = nowSecs();
    // Valid in real time for an hour, not before a minute ago.
    const token = makeToken({ iat: now - 60, nbf: now - 60, exp: now + 3600 });
    const ok = await getJson(srv, STATS, { token });
    assert.equal(ok.status, 200, ok.text);

    const stream = new RawSse(srv.port, '/api/audio/stream/audio', { headers: { Authorization: `Bearer ${token}` }, keepRaw: false });
    await stream.waitFor((s) => frameNumbers(s.events).length >= 15, 10000, '15 frames before the step');
    const phases = [];
    const mark = (name) => phases.push({ name, frames: frameNumbers(stream.events).length, at: performance.now() });
    mark('before');

    step('+2d');
    await sleep(1500);
    mark('after +2d');
    // The server's wall clock is now two days ahead: the same token has expired there.
    const expired = await getJson(srv, STATS, { token });
    assert.equal(expired.status, 401, `after +2d: ${expired.status} ${expired.text}`);
    assert.match(expired.text, /expired/, expired.text);

    step(`-${DAY}`);
    await sleep(1500);
    mark('after -1d');
    // Now a day behind: the token's nbf (a minute ago in real time) is in its future.
    const early = await getJson(srv, STATS, { token });
    assert.equal(early.status, 401, `after -1d: ${early.status} ${early.text}`);
    assert.match(early.text, /nbf/, early.text);

    step('+0');
    await sleep(1000);
    mark('back');
    assert.equal((await getJson(srv, STATS, { token })).status, 200, 'the token is valid again at the real time');
    await stream.close();

    // The stream opened before the steps was never cut (its token deadline
    // runs on the steady clock from the connect) and lost nothing.
    const numbers = frameNumbers(stream.events);
    for (let i = 1; i < numbers.length; i++) assert.equal(numbers[i], numbers[i - 1] + 1, `frame gap at ${i}: ${numbers[i - 1]} → ${numbers[i]}`);
    // Timestamps advance by one frame's duration (1600 samples at 48 kHz)
    // across both steps: never back a day, never two days ahead.
    const stamps = stream.events.filter((e) => e.json && typeof e.json.frame_number === 'number').map((e) => e.json.timestamp);
    for (let i = 1; i < stamps.length; i++) {
      const d = stamps[i] - stamps[i - 1];
      assert.ok(Math.abs(d - 1600 / 48) <= 1, `timestamp step ${d} ms at frame ${numbers[i]}`);
    }
    assert.ok(Math.abs(stamps.at(-1) - Date.now()) < 60_000, `last timestamp ${stamps.at(-1)} is near the real time ${Date.now()}`);
    // Pacing: frames kept coming after each step (no stall from a backward
    // step) and never ran ahead of real time (no catch-up burst after a
    // forward one): within each phase, frames received ≤ steady time × 30 fps
    // plus one replay buffer's worth, and > 0.
    for (let i = 1; i < phases.length; i++) {
      const got = phases[i].frames - phases[i - 1].frames;
      const allowed = ((phases[i].at - phases[i - 1].at) / 1000) * 30 + 30;
      assert.ok(got > 0, `${phases[i].name}: no frame came`);
      assert.ok(got <= allowed, `${phases[i].name}: ${got} frames in ${(phases[i].at - phases[i - 1].at).toFixed(0)} ms (a burst)`);
    }
  });
});
