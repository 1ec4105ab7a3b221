// docs/api.md "Streams": a client that stops reading lags (and is told
// exactly how much it skipped) or is disconnected, while other clients get
// every frame.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { launch, makeToken, getJson, RawSse, frameNumbers, sleep } from './helpers.mjs';

// 40 frames/s of 4800 samples: ~100 KB of JSON per frame, ~4 MB/s, so a
// paused socket fills the kernel buffers within a second or two.
const FAST_SOURCE = { sample_rate: 192000, frame_size: 4800 };
const PAUSE_MS = 4000;

function streamingConfig(policy) {
  return {
    acquisition: FAST_SOURCE,
    // The ring gives well-behaved clients 1.6 s of slack on a loaded machine;
    // the 1 MB byte bound makes the big-frame client lag after ~10 frames.
    streaming: { broadcast_buffer_size: 64, client_max_queue_bytes: 1 << 20, slow_client_policy: policy, spectral_window_size: 1024, write_timeout_secs: 60 },
  };
}

function assertEveryFrame(s, what) {
  const nums = frameNumbers(s.frames());
  assert.ok(nums.length > 0, `${what}: got frames`);
  for (let i = 1; i < nums.length; i++) assert.equal(nums[i], nums[i - 1] + 1, `${what}: gap ${nums[i - 1]} → ${nums[i]}`);
  assert.ok(!s.events.some((e) => e.json?.type === 'lagged'), `${what}: lagged`);
  return nums;
}

async function pauseAndResume(srv, token) {
  const slow = new RawSse(srv.port, '/api/audio/stream/audio', { headers: { Authorization: `Bearer ${token}` } });
  await slow.waitFor((x) => x.frames().length >= 2, 15000, 'the first frames');
  slow.socket.pause();
  await sleep(PAUSE_MS);
  slow.socket.resume();
  return slow;
}

describe('slow_client_policy: lag', () => {
  let srv;
  before(async () => { srv = await launch(streamingConfig('lag')); });
  after(async () => { await srv.stop(); });

  test('a paused client is told {"type":"lagged","skipped":N} and the skips add up to its gaps', async () => {
    const token = makeToken();
    const good = [1, 2, 3].map(() => new RawSse(srv.port, '/api/audio/stream/audio?decimate=50', { headers: { Authorization: `Bearer ${token}` } }));
    await Promise.all(good.map((g) => g.waitFor((x) => x.frames().length >= 2, 15000, 'good client frames')));
    const slow = await pauseAndResume(srv, token);
    const resumedAt = Date.now();
    // Read on until a lag notice and 20 frames after it have arrived.
    await slow.waitFor((x) => {
      const i = x.events.findIndex((e) => e.json?.type === 'lagged');
      return i >= 0 && x.events.slice(i).filter((e) => e.id !== undefined).length >= 20;
    }, 30000, 'a lag notice and frames after it');
    const lastSlow = slow.frames().at(-1).json.frame_number;
    await Promise.all(good.map((g) => g.waitFor((x) => x.frames().at(-1).json.frame_number >= lastSlow, 15000, 'good clients catch up')));
    await slow.close();
    for (const g of good) await g.close();

    // Every gap is announced just before the frame that follows it, exactly.
    let prev = null;
    let pendingSkip = 0;
    let totalSkipped = 0;
    let notices = 0;
    for (const e of slow.events.slice(1)) {
      if (e.json?.type === 'lagged') {
        assert.deepEqual(e.lines, [`data: {"type":"lagged","skipped":${e.json.skipped}}`], 'lag notice framing');
        assert.ok(Number.isInteger(e.json.skipped) && e.json.skipped > 0);
        assert.equal(pendingSkip, 0, 'two notices without a frame between');
        pendingSkip = e.json.skipped;
        continue;
      }
      if (e.id === undefined) continue;
      const n = e.json.frame_number;
      if (prev !== null) assert.equal(n - prev - 1, pendingSkip, `gap ${prev} → ${n} announced as ${pendingSkip}`);
      // A notice counts once its frame came (the test may close the stream
      // between a notice and the frame after it).
      if (pendingSkip > 0) notices++;
      totalSkipped += pendingSkip;
      pendingSkip = 0;
      prev = n;
    }
    assert.ok(notices >= 1, 'at least one lag notice');
    const nums = frameNumbers(slow.frames());
    assert.equal(nums.at(-1) - nums[0] + 1 - nums.length, totalSkipped, 'skips add up to the frame_number gap');
    assert.ok(slow.events.find((e) => e.json?.type === 'lagged').at >= resumedAt - 50, 'notice arrives after resuming');

    for (const [i, g] of good.entries()) {
      const gn = assertEveryFrame(g, `good client ${i}`);
      assert.ok(gn[0] <= nums[0] + 1 && gn.at(-1) >= lastSlow, 'good clients covered the whole pause');
    }

    const stats = await getJson(srv, '/api/audio/stream/stats', { token });
    assert.ok(stats.json.dropped_frames >= totalSkipped, `dropped_frames ${stats.json.dropped_frames} >= ${totalSkipped}`);
    const metrics = (await getJson(srv, '/metrics')).text;
    assert.ok(Number(metrics.match(/^acoustream_dropped_frames_total (\S+)$/m)?.[1]) >= totalSkipped, 'metrics drops');
  });

  test('/events: the lag notice is an event named lagged, before the next audio event', async () => {
    const token = makeToken();
    const slow = new RawSse(srv.port, '/api/audio/stream/events?types=audio', { headers: { Authorization: `Bearer ${token}` } });
    await slow.waitFor((x) => x.frames().length >= 2, 15000, 'first frames');
    slow.socket.pause();
    await sleep(PAUSE_MS);
    slow.socket.resume();
    await slow.waitFor((x) => {
      const i = x.events.findIndex((e) => e.event === 'lagged');
      return i >= 0 && x.events.slice(i).some((e) => e.event === 'audio');
    }, 30000, 'a lagged event then audio');
    await slow.close();
    const i = slow.events.findIndex((e) => e.event === 'lagged');
    const notice = slow.events[i];
    assert.equal(notice.json.type, 'lagged');
    const before = slow.events.slice(0, i).filter((e) => e.event === 'audio').at(-1);
    const afterEv = slow.events.slice(i).find((e) => e.event === 'audio');
    assert.equal(afterEv.json.frame_number - before.json.frame_number - 1, notice.json.skipped);
  });
});

describe('slow_client_policy: disconnect', () => {
  let srv;
  before(async () => { srv = await launch(streamingConfig('disconnect')); });
  after(async () => { await srv.stop(); });

  test('a paused client is closed instead of lagging; others get every frame', async () => {
    const token = makeToken();
    const good = new RawSse(srv.port, '/api/audio/stream/audio?decimate=50', { headers: { Authorization: `Bearer ${token}` } });
    await good.waitFor((x) => x.frames().length >= 2, 15000, 'good client frames');
    const slow = await pauseAndResume(srv, token);
    await Promise.race([slow.closed, sleep(20000)]);
    assert.ok(slow.ended, 'the slow client was not disconnected');
    assert.ok(!slow.events.some((e) => e.json?.type === 'lagged'), 'no lag notice under the disconnect policy');
    const nums = frameNumbers(slow.frames());
    for (let i = 1; i < nums.length; i++) assert.equal(nums[i], nums[i - 1] + 1, 'what it got has no gap');
    await good.waitFor((x) => x.frames().length >= nums.length + 10, 15000, 'good client keeps going');
    await good.close();
    assertEveryFrame(good, 'good client');
    const metrics = (await getJson(srv, '/metrics')).text;
    assert.ok(Number(metrics.match(/^acoustream_slow_client_disconnects_total (\S+)$/m)?.[1]) >= 1, 'disconnect counted');
  });
});
