// docs/api.md "Streams", bounded memory: 200 concurrent clients, the subscriber
// count back to 0 after they leave, and clients that never read do not slow
// the others nor grow the server's memory.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { launch, makeToken, getJson, RawSse, frameNumbers, sleep, until, vmRssKb } from './helpers.mjs';

async function stats(srv, token) {
  return (await getJson(srv, '/api/audio/stream/stats', { token })).json;
}

function assertConsecutive(s, what) {
  const nums = frameNumbers(s.frames());
  for (let i = 1; i < nums.length; i++) assert.equal(nums[i], nums[i - 1] + 1, `${what}: gap ${nums[i - 1]} → ${nums[i]}`);
  assert.ok(!s.events.some((e) => e.json?.type === 'lagged'), `${what}: lagged`);
  return nums;
}

describe('200 concurrent SSE clients', () => {
  test('all receive every frame; active_subscribers goes back to 0 after they leave', async () => {
    const N = 200;
    const srv = await launch({ acquisition: { target_fps: 30 }, streaming: { broadcast_buffer_size: 200 } });
    try {
      const token = makeToken();
      const paths = ['/api/audio/stream/audio?decimate=100', '/api/audio/stream/audio/fast?decimate=100',
        '/api/audio/stream/spectral?fmin=1900&fmax=2100', '/api/audio/stream/events?types=audio&decimate=200'];
      const clients = [];
      for (let i = 0; i < N; i++) {
        clients.push(new RawSse(srv.port, paths[i % paths.length], { headers: { Authorization: `Bearer ${token}` }, keepRaw: false }));
      }
      await Promise.all(clients.map((c) => c.waitFor((x) => x.status !== null, 30000, 'headers')));
      assert.ok(clients.every((c) => c.status === 200), 'every client got 200');
      await until(async () => (await stats(srv, token)).active_subscribers === N, 15000, `${N} subscribers`);
      const start = Math.max(...clients.map((c) => c.frames().at(-1)?.json.frame_number ?? 0));
      // Every client receives the next 30 frames (about a second of audio).
      await Promise.all(clients.map((c) => c.waitFor((x) => (x.frames().at(-1)?.json.frame_number ?? -1) >= start + 30, 60000, '30 more frames')));
      for (const [i, c] of clients.entries()) assertConsecutive(c, `client ${i}`);
      const metrics = (await getJson(srv, '/metrics')).text;
      assert.equal(Number(metrics.match(/^acoustream_subscribers (\S+)$/m)[1]), N);
      // One encoding per frame and variant, not per client.
      const encodes = Number(metrics.match(/^acoustream_frame_encodes_total (\S+)$/m)[1]);
      const frames = Number(metrics.match(/^acoustream_frames_total (\S+)$/m)[1]);
      assert.ok(encodes <= frames * paths.length + 50, `${encodes} encodes for ${frames} frames`);

      for (const c of clients) c.socket.destroy();
      await until(async () => (await stats(srv, token)).active_subscribers === 0, 15000, 'active_subscribers back to 0');
      const after = (await getJson(srv, '/metrics')).text;
      assert.equal(Number(after.match(/^acoustream_subscribers (\S+)$/m)[1]), 0);
      await until(async () => Number((await getJson(srv, '/metrics')).text.match(/^acoustream_connections_open (\S+)$/m)[1]) <= 1,
        15000, 'connections closed');
    } finally {
      const r = await srv.stop();
      assert.equal(r.code, 0);
    }
  });
});

describe('clients that never read', () => {
  test('others get every frame and the server RSS stays bounded', async (t) => {
    // ~4 MB/s of JSON per full-rate client.
    const srv = await launch({
      acquisition: { sample_rate: 192000, frame_size: 4800 },
      streaming: { broadcast_buffer_size: 64, client_max_queue_bytes: 4 << 20, spectral_window_size: 1024, write_timeout_secs: 120 },
    });
    try {
      const token = makeToken();
      const auth = { Authorization: `Bearer ${token}` };
      const readers = [1, 2].map(() => new RawSse(srv.port, '/api/audio/stream/audio?decimate=40', { headers: auth, keepRaw: false }));
      const stuck = [];
      for (let i = 0; i < 6; i++) {
        const s = new RawSse(srv.port, i % 2 ? '/api/audio/stream/events' : '/api/audio/stream/audio', { headers: auth, keepRaw: false, parse: false });
        s.socket.pause();
        stuck.push(s);
      }
      await Promise.all(readers.map((r) => r.waitFor((x) => x.frames().length >= 2, 15000, 'reader frames')));
      await sleep(3000); // the stuck clients' socket buffers fill up
      const rss0 = vmRssKb(srv.pid);
      const samples = [];
      for (let i = 0; i < 8; i++) {
        await sleep(1000);
        samples.push(vmRssKb(srv.pid));
      }
      const first = readers[0].frames()[0].json.frame_number;
      const st = await stats(srv, token);
      await Promise.all(readers.map((r) => r.waitFor((x) => x.frames().at(-1).json.frame_number >= st.total_frames - 1, 15000, 'readers current')));
      for (const [i, r] of readers.entries()) {
        const nums = assertConsecutive(r, `reader ${i}`);
        assert.ok(nums.at(-1) - first >= 300, `reader ${i} followed ${nums.at(-1) - first} frames (>= 300 in 11 s at 40 fps)`);
      }
      const grow = Math.max(...samples) - rss0;
      t.diagnostic(`server RSS ${rss0} kB after warm-up, then ${samples.join(', ')} kB with 6 clients not reading`);
      // 11 s at 4 MB/s x 6 stuck clients would be ~260 MB if queued.
      assert.ok(grow < 48 * 1024, `RSS grew by ${grow} kB while 6 clients did not read (${rss0} kB → ${samples.join(', ')})`);
      assert.ok(Math.max(...samples) < 256 * 1024, `RSS ${Math.max(...samples)} kB`);
      for (const s of stuck) s.socket.destroy();
      for (const r of readers) await r.close();
      await until(async () => (await stats(srv, token)).active_subscribers === 0, 30000, 'subscribers back to 0');
    } finally {
      await srv.stop();
    }
  });
});
