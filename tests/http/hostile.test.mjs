// Hostile and broken clients against the real server, over raw sockets:
// slowloris, oversized headers and request lines, connect/disconnect churn
// (no fd or memory leak), half-closed sockets, a burst past
// server.max_connections, and SIGTERM under heavy load (docs/api.md: exit 0
// within 2 s).
//
// Every request here is sent on its own socket with `Connection: close`, so
// no pooled keep-alive connection of the test itself holds a server fd while
// the fd count is measured.
//
// Half-closed sockets (RFC 9112 §9.6): a client that shuts down its write
// side has said it sends no more requests, not that it stopped reading. The
// server answers the request it has in full and then closes (it reads the
// EOF); an SSE response has no end, so a half-closed SSE client keeps
// receiving frames until it closes for good (the server sees the close on its
// next write) or the stream ends.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readdirSync } from 'node:fs';
import { launch, makeToken, RawSse, frameNumbers, sleep, until, vmRssKb, rawExchange, parseResponse } from './helpers.mjs';

const STATS = '/api/audio/stream/stats';
const SSE_PATH = '/api/audio/stream/audio?decimate=100';

const fdCount = (pid) => readdirSync(`/proc/${pid}/fd`).length;

function request(path, { token, headers = {}, close = true } = {}) {
  let req = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n`;
  if (token) req += `Authorization: Bearer ${token}\r\n`;
  for (const [k, v] of Object.entries(headers)) req += `${k}: ${v}\r\n`;
  if (close) req += 'Connection: close\r\n';
  return `${req}\r\n`;
}

const get = (srv, path, opts = {}) => rawExchange(srv.port, request(path, opts), opts);

async function stats(srv, token) {
  const r = await get(srv, STATS, { token });
  assert.equal(r.status, 200, `stats: ${r.raw}`);
  return r.json;
}

async function metric(srv, name) {
  const r = await get(srv, '/metrics');
  const m = r.body.match(new RegExp(`^${name} (\\S+)$`, 'm'));
  return m ? Number(m[1]) : NaN;
}

function assertJsonError(r, status, code, what) {
  assert.equal(r.status, status, `${what}: ${r.raw.slice(0, 300)}`);
  assert.match(r.headers.get('content-type') || '', /^application\/json/, `${what}: content-type`);
  assert.ok(r.json, `${what}: JSON body (${r.body.slice(0, 200)})`);
  assert.equal(r.json.error, code, `${what}: error code`);
  assert.equal(typeof r.json.error_description, 'string');
}

// Waits until the server holds no more fds than `baseline` (the sockets of
// clients that left are closed); returns the last count.
async function fdsBackTo(srv, baseline, timeoutMs = 20000) {
  let n;
  await until(() => (n = fdCount(srv.pid)) <= baseline, timeoutMs, `server fds back to ${baseline}`, 200)
    .catch((e) => { throw new Error(`${e.message}; the server holds ${n}`); });
  return n;
}

// A slowloris client: connects and sends `text` one byte every `everyMs`,
// never finishing in time; records when the server closed it and how many
// bytes it had sent by then.
class Slowloris {
  constructor(port, text, everyMs = 200) {
    this.sent = 0;
    this.received = Buffer.alloc(0);
    this.closedAt = null;
    this.startedAt = Date.now();
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setNoDelay(true);
    this.socket.on('data', (d) => { this.received = Buffer.concat([this.received, d]); });
    this.socket.on('error', () => {});
    this.closed = new Promise((resolve) => this.socket.on('close', () => {
      this.closedAt = Date.now();
      clearInterval(this.timer);
      resolve();
    }));
    this.socket.on('connect', () => {
      this.connectedAt = Date.now();
      this.timer = setInterval(() => {
        if (this.sent >= text.length || this.socket.destroyed) return clearInterval(this.timer);
        this.socket.write(text[this.sent]);
        this.sent += 1;
      }, everyMs);
    });
  }

  get lifetimeMs() { return this.closedAt - (this.connectedAt ?? this.startedAt); }
  destroy() { clearInterval(this.timer); this.socket.destroy(); }
}

// A request whose headers take ~60 s at one byte per 200 ms.
const dribble = (token) => `GET ${STATS} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nX-Pad: ${'p'.repeat(100)}\r\n\r\n`;

describe('slowloris', () => {
  const HEADER_TIMEOUT = 2;

  test('a client dribbling its headers is closed at about header_timeout_secs; others are served meanwhile', async (t) => {
    const srv = await launch({ server: { header_timeout_secs: HEADER_TIMEOUT }, acquisition: { target_fps: 10 } });
    try {
      const token = makeToken();
      const baseline = fdCount(srv.pid);
      const slow = new Slowloris(srv.port, dribble(token));
      await sleep(300);
      // A normal client is answered while the slow one is still dribbling.
      const normal = await get(srv, STATS, { token });
      assert.equal(normal.status, 200, normal.raw);
      assert.equal(slow.closedAt, null, 'the slowloris connection was closed before the normal client was served');
      await Promise.race([slow.closed, sleep((HEADER_TIMEOUT + 10) * 1000)]);
      slow.destroy();
      assert.ok(slow.closedAt !== null, `slowloris still open after ${HEADER_TIMEOUT + 10} s (sent ${slow.sent} bytes)`);
      const life = slow.lifetimeMs;
      t.diagnostic(`slowloris closed after ${life} ms (header_timeout_secs ${HEADER_TIMEOUT}), having sent ${slow.sent} bytes`);
      // The deadline is per request, not per byte: it kept sending and was still closed.
      assert.ok(life >= HEADER_TIMEOUT * 1000 - 500, `closed too early: ${life} ms`);
      assert.ok(life <= HEADER_TIMEOUT * 1000 + 5000, `closed too late: ${life} ms`);
      assert.ok(slow.sent < dribble(token).length, 'the request completed: the test did not dribble slowly enough');
      assert.ok(slow.sent >= 3, `only ${slow.sent} bytes sent: not a dribbling client`);
      // Nothing was routed: at most a 408, never the stats.
      const answer = parseResponse(slow.received);
      assert.ok(answer.status === null || answer.status === 408, `slowloris got ${answer.raw.slice(0, 100)}`);
      await fdsBackTo(srv, baseline);
    } finally {
      const r = await srv.stop();
      assert.equal(r.code, 0);
    }
  });

  test('an idle keep-alive connection is closed at about header_timeout_secs after its last answer', async (t) => {
    const srv = await launch({ server: { header_timeout_secs: HEADER_TIMEOUT }, acquisition: { target_fps: 10 } });
    try {
      const sock = net.connect(srv.port, '127.0.0.1');
      sock.on('error', () => {});
      let got = '';
      let answeredAt = null;
      let closedAt = null;
      const closed = new Promise((r) => sock.on('close', () => { closedAt = Date.now(); r(); }));
      sock.on('data', (d) => { got += d; if (!answeredAt && got.includes('"status"')) answeredAt = Date.now(); });
      sock.write(request('/healthz', { close: false }));
      await Promise.race([closed, sleep((HEADER_TIMEOUT + 10) * 1000)]);
      sock.destroy();
      assert.match(got, /^HTTP\/1\.1 200 /, 'the request was answered');
      assert.doesNotMatch(got, /^Connection: close/im, 'the answer kept the connection alive');
      assert.ok(closedAt !== null, `the idle connection is still open after ${HEADER_TIMEOUT + 10} s`);
      const idle = closedAt - answeredAt;
      t.diagnostic(`idle keep-alive closed ${idle} ms after the answer`);
      assert.ok(idle >= HEADER_TIMEOUT * 1000 - 500 && idle <= HEADER_TIMEOUT * 1000 + 5000, `closed after ${idle} ms idle`);
    } finally {
      const r = await srv.stop();
      assert.equal(r.code, 0);
    }
  });

  test('200 slowloris connections at once: normal clients are still served and every slow one is closed', async (t) => {
    const N = 200;
    const srv = await launch({ server: { header_timeout_secs: HEADER_TIMEOUT }, acquisition: { target_fps: 10 } });
    const slow = [];
    try {
      const token = makeToken();
      const baseline = fdCount(srv.pid);
      for (let i = 0; i < N; i++) slow.push(new Slowloris(srv.port, dribble(token)));
      await until(() => slow.every((s) => s.connectedAt), 10000, 'slowloris connections established');
      await sleep(200);
      const open = fdCount(srv.pid);
      assert.ok(open >= baseline + N / 2, `the server holds ${open} fds (baseline ${baseline}): the slowloris clients are not connected`);
      // Normal clients, one after the other, while the slowloris clients dribble.
      for (let i = 0; i < 10; i++) {
        const r = await get(srv, i % 2 ? STATS : '/healthz', { token });
        assert.equal(r.status, 200, `normal client ${i}: ${r.raw.slice(0, 200) || r.error}`);
      }
      const sse = new RawSse(srv.port, SSE_PATH, { headers: { Authorization: `Bearer ${token}` }, keepRaw: false });
      await sse.waitFor((x) => x.frames().length >= 2, 10000, 'two frames while 200 slowloris clients dribble');
      await sse.close();
      await Promise.race([Promise.all(slow.map((s) => s.closed)), sleep((HEADER_TIMEOUT + 10) * 1000)]);
      const stillOpen = slow.filter((s) => s.closedAt === null).length;
      assert.equal(stillOpen, 0, `${stillOpen} of ${N} slowloris connections still open after ${HEADER_TIMEOUT + 10} s`);
      const lives = slow.map((s) => s.lifetimeMs).sort((a, b) => a - b);
      t.diagnostic(`${N} slowloris closed after ${lives[0]}..${lives.at(-1)} ms (median ${lives[N >> 1]}), fds: baseline ${baseline}, with them ${open}`);
      assert.ok(lives[0] >= HEADER_TIMEOUT * 1000 - 500, `one closed after ${lives[0]} ms`);
      assert.ok(lives.at(-1) <= HEADER_TIMEOUT * 1000 + 5000, `one closed after ${lives.at(-1)} ms`);
      assert.ok(slow.every((s) => s.sent >= 3), 'every slowloris client was dribbling');
      const after = await fdsBackTo(srv, baseline);
      t.diagnostic(`fds after: ${after}`);
    } finally {
      for (const s of slow) s.destroy();
      const r = await srv.stop();
      assert.equal(r.code, 0);
    }
  });
});

describe('oversized requests', () => {
  const LIMIT = 4096;

  test('headers past max_header_bytes → 431, a request line past it → 414, JSON naming the key; the server stays up', async () => {
    const srv = await launch({ server: { max_header_bytes: LIMIT }, acquisition: { target_fps: 10 } });
    try {
      const token = makeToken();
      const cases = [
        ['one big header', request(STATS, { token, headers: { 'X-Big': 'b'.repeat(2 * LIMIT) } }), 431, 'header_too_large'],
        ['many small headers', request(STATS, { token, headers: Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`X-H${i}`, 'v'])) }), 431, 'header_too_large'],
        ['big header on an SSE route', request(SSE_PATH, { token, headers: { 'X-Big': 'b'.repeat(2 * LIMIT) } }), 431, 'header_too_large'],
        ['long URL', request(`${STATS}?pad=${'u'.repeat(2 * LIMIT)}`, { token }), 414, 'uri_too_long'],
        ['1 MiB URL', request(`/healthz?pad=${'u'.repeat(1 << 20)}`), 414, 'uri_too_long'],
        ['huge header, no end', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(1 << 20)}`, 431, 'header_too_large'],
      ];
      for (const [what, data, status, code] of cases) {
        const r = await rawExchange(srv.port, data);
        assertJsonError(r, status, code, what);
        assert.match(r.json.error_description, /server\.max_header_bytes/, `${what}: names the key`);
        assert.match(r.json.error_description, new RegExp(`${LIMIT}`), `${what}: names the limit`);
        assert.equal(r.headers.get('connection'), 'close', `${what}: the connection is closed`);
        assert.equal(srv.proc.exitCode, null, `the server exited after: ${what}`);
      }
      // A client still sending when the answer comes: without a lingering
      // close the server's close resets the connection and the answer is
      // lost now and then (about 1 in 70 here), so try many times.
      const lost = [];
      for (let i = 0; i < 50; i++) {
        for (const [what, data, status] of [cases[4], cases[5]]) {
          const r = await rawExchange(srv.port, data);
          if (r.status !== status) lost.push(`${what}: ${r.status ?? 'nothing'} (${r.error})`);
        }
      }
      assert.deepEqual(lost, [], `answers lost on ${lost.length} of 100 oversized requests`);
      // Just within the limit: served.
      const within = await get(srv, STATS, { token, headers: { 'X-Pad': 'w'.repeat(LIMIT - 600) } });
      assert.equal(within.status, 200, `a request within the limit: ${within.raw.slice(0, 200)}`);
      // Up and streaming afterwards.
      assert.equal((await get(srv, '/healthz')).status, 200);
      const sse = new RawSse(srv.port, SSE_PATH, { headers: { Authorization: `Bearer ${token}` }, keepRaw: false });
      await sse.waitFor((x) => x.frames().length >= 1, 10000, 'a frame after the oversized requests');
      await sse.close();
    } finally {
      const r = await srv.stop();
      assert.equal(r.code, 0);
    }
  });
});

// One connect/disconnect cycle of the given kind; resolves whether it went
// as expected (a JSON or SSE request must be answered 200).
function cycle(port, kind, token) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let got = '';
    let done = false;
    const finish = (ok, why = '') => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (!s.destroyed) s.destroy();
      resolve({ kind, ok, why });
    };
    const timer = setTimeout(() => finish(false, 'timeout'), 30000);
    s.on('error', (e) => finish(kind === 'connect' || kind === 'reset' || kind === 'half', e.code));
    s.on('data', (d) => {
      got += d.toString('latin1');
      if (kind === 'sse' && got.includes('\r\n\r\n')) finish(/^HTTP\/1\.1 200 /.test(got), got.slice(0, 40));
    });
    s.on('close', () => {
      if (kind === 'json') finish(/^HTTP\/1\.1 200 /.test(got) && got.includes('"total_frames"'), got.slice(0, 40));
      else finish(kind !== 'sse', 'closed before the SSE headers');
    });
    s.on('connect', () => {
      switch (kind) {
        case 'connect': finish(true); break;
        case 'reset': s.resetAndDestroy(); finish(true); break;
        case 'half': s.write(`GET ${STATS} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthoriz`, () => finish(true)); break;
        case 'sse': s.write(request(SSE_PATH, { token, close: false })); break;
        case 'json': s.write(request(STATS, { token })); break;
        default: finish(false, `unknown kind ${kind}`);
      }
    });
  });
}

const KINDS = ['connect', 'reset', 'half', 'sse', 'json'];

// Runs `total` cycles, `parallel` at a time, kinds in rotation; `stop()`
// ends it early. Resolves the per-kind counts of good and bad cycles.
function churn(port, token, { total, parallel = 16, shouldStop = () => false }) {
  const counts = Object.fromEntries(KINDS.map((k) => [k, { ok: 0, bad: 0, why: new Set() }]));
  let next = 0;
  const worker = async () => {
    while (next < total && !shouldStop()) {
      const kind = KINDS[next++ % KINDS.length];
      const r = await cycle(port, kind, token);
      if (r.ok) counts[kind].ok += 1;
      else { counts[kind].bad += 1; counts[kind].why.add(r.why); }
    }
  };
  return Promise.all(Array.from({ length: parallel }, worker)).then(() => counts);
}

// Set by the asan and tsan test presets (CMakePresets.json).
const SANITIZED = Boolean(process.env.ASAN_OPTIONS || process.env.TSAN_OPTIONS);

describe('connect/disconnect churn', () => {
  test('2 x 3000 cycles: fds back to baseline, RSS bounded and not growing, no subscriber left', async (t) => {
    const srv = await launch({ acquisition: { target_fps: 30 } });
    try {
      const token = makeToken();
      // Warm-up: threads, allocator arenas, encoders, one of each kind.
      const warm = await churn(srv.port, token, { total: 200 });
      for (const k of KINDS) assert.equal(warm[k].bad, 0, `warm-up ${k}: ${[...warm[k].why]}`);
      await until(async () => (await stats(srv, token)).active_subscribers === 0, 15000, 'no subscriber after the warm-up');
      await sleep(500);
      const fd0 = fdCount(srv.pid);
      const rss0 = vmRssKb(srv.pid);
      const TOTAL = 3000;
      const rounds = [];
      for (let round = 0; round < 2; round++) {
        let peak = vmRssKb(srv.pid);
        let peakFd = fdCount(srv.pid);
        const sampler = setInterval(() => {
          peak = Math.max(peak, vmRssKb(srv.pid));
          peakFd = Math.max(peakFd, fdCount(srv.pid));
        }, 50);
        const started = Date.now();
        const counts = await churn(srv.port, token, { total: TOTAL });
        clearInterval(sampler);
        const took = Date.now() - started;
        for (const k of KINDS) assert.equal(counts[k].bad, 0, `round ${round}, ${k}: ${counts[k].bad} bad cycles (${[...counts[k].why]})`);
        assert.equal(KINDS.reduce((a, k) => a + counts[k].ok, 0), TOTAL);
        await until(async () => (await stats(srv, token)).active_subscribers === 0, 15000, 'active_subscribers back to 0');
        await until(async () => (await metric(srv, 'acoustream_connections_open')) <= 1, 15000, 'connections_open back to 1 (this request)');
        const fd = await fdsBackTo(srv, fd0);
        await sleep(1000);
        const rss = vmRssKb(srv.pid);
        rounds.push({ took, peakFd, fd, peak, rss });
        t.diagnostic(`round ${round}: ${TOTAL} cycles in ${took} ms; fds ${fd0} → peak ${peakFd} → ${fd}; RSS peak ${peak} kB → ${rss} kB (baseline ${rss0} kB)`);
        assert.ok(peakFd > fd0, 'the fd sampler never saw a client connection: the churn did not reach the server');
        if (!SANITIZED) assert.ok(rss - rss0 < 32 * 1024, `RSS grew by ${rss - rss0} kB (${rss0} → ${rss} kB)`);
      }
      // Allocator caches fill up in the first round; a leak keeps growing.
      // Under ASan freed memory sits in its quarantine (256 MiB by default)
      // and TSan keeps shadow memory, so RSS says nothing there; LeakSanitizer
      // checks for leaks at the server's exit instead (srv.stop() fails the
      // test on any sanitizer report).
      const growth = rounds[1].rss - rounds[0].rss;
      if (!SANITIZED) assert.ok(growth < 4 * 1024, `RSS grew by ${growth} kB more in the second round (${rounds[0].rss} → ${rounds[1].rss} kB): a leak`);
      assert.equal(srv.proc.exitCode, null);
    } finally {
      const r = await srv.stop();
      assert.equal(r.code, 0);
    }
  });
});

describe('half-closed sockets', () => {
  test('a request then shutdown(SHUT_WR): the full JSON response, then the server closes', async () => {
    // A long header timeout: the close must come from the client's EOF.
    const srv = await launch({ server: { header_timeout_secs: 60 }, acquisition: { target_fps: 10 } });
    try {
      const token = makeToken();
      const baseline = fdCount(srv.pid);
      // Keep-alive requests: only the EOF tells the server to close.
      const t0 = Date.now();
      const one = await rawExchange(srv.port, request(STATS, { token, close: false }), { halfClose: true, timeoutMs: 30000 });
      assert.equal(one.error, null, `error: ${one.error}`);
      assert.equal(one.status, 200, one.raw.slice(0, 200));
      assert.equal(Number(one.headers.get('content-length')), Buffer.byteLength(one.body), 'the whole body');
      assert.equal(typeof one.json.total_frames, 'number');
      assert.ok(one.closedAt - t0 < 20000, `closed ${one.closedAt - t0} ms after the EOF: not on the EOF`);

      // Two pipelined requests, then EOF: both answered in order.
      const two = await rawExchange(srv.port, request('/healthz', { close: false }) + request(STATS, { token, close: false }),
        { halfClose: true, timeoutMs: 30000 });
      // (A body has no trailing newline: the next status line follows it on the same line.)
      const statuses = [...two.raw.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]);
      assert.deepEqual(statuses, ['200', '200'], two.raw.slice(0, 300));
      assert.match(two.raw, /"total_frames"/);
      // An error response too.
      const bad = await rawExchange(srv.port, request(STATS, { close: false }), { halfClose: true, timeoutMs: 30000 });
      assertJsonError(bad, 401, 'invalid_token', 'no token, half-closed');
      await fdsBackTo(srv, baseline);
    } finally {
      const r = await srv.stop();
      assert.equal(r.code, 0);
    }
  });

  test('an SSE client that half-closes keeps receiving frames until it closes', async (t) => {
    const srv = await launch({ server: { header_timeout_secs: 60 }, acquisition: { target_fps: 20 } });
    try {
      const token = makeToken();
      const baseline = fdCount(srv.pid);
      const clients = [SSE_PATH, '/api/audio/stream/events?types=audio&decimate=100'].map((p) =>
        new RawSse(srv.port, p, { headers: { Authorization: `Bearer ${token}` }, keepRaw: false }));
      await Promise.all(clients.map((c) => c.waitFor((x) => x.frames().length >= 1, 10000, 'a first frame')));
      const at = clients.map((c) => c.frames().length);
      for (const c of clients) c.socket.end();
      await Promise.all(clients.map((c, i) => c.waitFor((x) => x.frames().length >= at[i] + 20, 15000, '20 frames after the half-close')));
      for (const [i, c] of clients.entries()) {
        const nums = frameNumbers(c.frames());
        for (let k = 1; k < nums.length; k++) assert.equal(nums[k], nums[k - 1] + 1, `client ${i}: gap ${nums[k - 1]} → ${nums[k]}`);
        assert.equal(c.ended, false, `client ${i} was closed`);
      }
      t.diagnostic(`frames after the half-close: ${clients.map((c, i) => c.frames().length - at[i]).join(', ')}`);
      assert.equal((await stats(srv, token)).active_subscribers, 2);
      for (const c of clients) await c.close();
      await until(async () => (await stats(srv, token)).active_subscribers === 0, 15000, 'subscribers back to 0');
      await fdsBackTo(srv, baseline);
    } finally {
      const r = await srv.stop();
      assert.equal(r.code, 0);
    }
  });
});

describe('past server.max_connections (extends the routes test)', () => {
  test('a burst of excess connections: all 503 JSON with Retry-After and closed; slots held by idle clients come back after header_timeout_secs', async (t) => {
    const MAX = 10;
    const BURST = 120;
    const HEADER_TIMEOUT = 5;
    const srv = await launch({ server: { max_connections: MAX, header_timeout_secs: HEADER_TIMEOUT }, acquisition: { target_fps: 10 } });
    const holders = [];
    try {
      const baseline = fdCount(srv.pid);
      const rejected0 = await metric(srv, 'acoustream_connections_rejected_total');
      // Every slot is taken by a client that connects and never sends a byte.
      const heldAt = Date.now();
      for (let i = 0; i < MAX; i++) {
        const s = net.connect(srv.port, '127.0.0.1');
        s.on('error', () => {});
        s.gone = new Promise((r) => s.on('close', () => { s.closedAt = Date.now(); r(); }));
        holders.push(s);
      }
      // Once they are all in, a new connection is refused (that probe is one more rejection).
      await until(async () => (await get(srv, '/healthz')).status === 503, 10000, 'all slots taken');
      // 120 at once, with a request, a request with 6 KB of headers, or
      // none at all. The server never reads them: closing outright with the
      // request unread would reset the connection and could lose the 503.
      const pad = { 'X-Pad': 'p'.repeat(6000) };
      const burst = await Promise.all(Array.from({ length: BURST }, (_, i) =>
        rawExchange(srv.port, i % 4 === 3 ? '' : request(i % 2 ? STATS : '/healthz', i % 4 === 2 ? { headers: pad } : {}), { timeoutMs: 20000 })));
      const elapsed = Date.now() - heldAt;
      for (const [i, r] of burst.entries()) {
        assertJsonError(r, 503, 'too_many_connections', `excess connection ${i}`);
        assert.ok(Number(r.headers.get('retry-after')) >= 1, `excess connection ${i}: Retry-After ${r.headers.get('retry-after')}`);
        assert.equal(r.error, null, `excess connection ${i}: ${r.error} (not closed cleanly by the server)`);
      }
      // (Had the holders timed out before the burst, it would have got 200s.)
      assert.ok(elapsed < HEADER_TIMEOUT * 1000, `the burst ended ${elapsed} ms after the holders connected: past header_timeout_secs`);
      assert.equal(srv.proc.exitCode, null);
      // The holders are dropped by the header timeout: room again without
      // anyone closing them.
      await Promise.race([Promise.all(holders.map((s) => s.gone)), sleep((HEADER_TIMEOUT + 10) * 1000)]);
      assert.ok(holders.every((s) => s.closedAt), 'an idle holder was not closed by the server');
      const r = await get(srv, '/healthz');
      assert.equal(r.status, 200, `after the holders left: ${r.raw.slice(0, 200)}`);
      // Ten at once fit again.
      const ten = await Promise.all(Array.from({ length: MAX - 1 }, () => get(srv, '/healthz')));
      assert.deepEqual(ten.map((x) => x.status), Array(MAX - 1).fill(200));
      const rejected = (await metric(srv, 'acoustream_connections_rejected_total')) - rejected0;
      t.diagnostic(`holders closed after ${Math.max(...holders.map((s) => s.closedAt)) - heldAt} ms; ${rejected} connections rejected`);
      assert.ok(rejected >= BURST, `connections_rejected_total grew by ${rejected}`);
      await fdsBackTo(srv, baseline);
    } finally {
      for (const s of holders) s.destroy();
      const r = await srv.stop();
      assert.equal(r.code, 0);
    }
  });
});

describe('SIGTERM during heavy load', () => {
  test('300 SSE clients (some never read), slowloris and churn: exit 0 within 2 s, every connection ends', async (t) => {
    const srv = await launch({
      acquisition: { target_fps: 30 },
      streaming: { broadcast_buffer_size: 200, write_timeout_secs: 60 },
      server: { header_timeout_secs: 30 },
    });
    const clients = [];
    const slow = [];
    let stopChurn = false;
    let churning = null;
    try {
      const token = makeToken();
      const auth = { Authorization: `Bearer ${token}` };
      const paths = [SSE_PATH, '/api/audio/stream/spectral?fmin=1900&fmax=2100', '/api/audio/stream/events?types=audio,stats&decimate=100'];
      for (let i = 0; i < 270; i++) clients.push(new RawSse(srv.port, paths[i % paths.length], { headers: auth, keepRaw: false }));
      // Full-size frames to clients that never read: their socket buffers fill up.
      for (let i = 0; i < 30; i++) {
        const s = new RawSse(srv.port, '/api/audio/stream/audio', { headers: auth, keepRaw: false, parse: false });
        s.socket.pause();
        clients.push(s);
      }
      await until(async () => (await stats(srv, token)).active_subscribers === 300, 30000, '300 subscribers');
      await Promise.all(clients.slice(0, 270).map((c) => c.waitFor((x) => x.frames().length >= 1 || x.events.length >= 1, 30000, 'a first event')));
      for (let i = 0; i < 20; i++) slow.push(new Slowloris(srv.port, dribble(token), 200));
      churning = churn(srv.port, token, { total: 1e9, parallel: 8, shouldStop: () => stopChurn });
      await sleep(2000); // the stuck clients fill their buffers; churn runs

      const t0 = performance.now();
      process.kill(srv.pid, 'SIGTERM');
      const { code, signal } = await srv.exited;
      const took = performance.now() - t0;
      stopChurn = true;
      t.diagnostic(`SIGTERM → exit ${code ?? signal} after ${took.toFixed(0)} ms`);
      assert.equal(code, 0, `exit ${code ?? signal}\n${srv.stderr.slice(-2000)}`);
      assert.ok(took < 2000, `exit took ${took.toFixed(0)} ms (within 2 s)`);
      // Every connection ends (the paused ones once they read again).
      for (const c of clients) c.socket.resume();
      await Promise.race([Promise.all([...clients.map((c) => c.closed), ...slow.map((s) => s.closed)]), sleep(10000)]);
      const open = clients.filter((c) => !c.ended).length + slow.filter((s) => s.closedAt === null).length;
      assert.equal(open, 0, `${open} connections still open 10 s after the exit`);
      await churning;
      assert.doesNotMatch(srv.stderr, /AddressSanitizer|LeakSanitizer|ThreadSanitizer|runtime error:/);
    } finally {
      stopChurn = true;
      for (const c of clients) c.socket.destroy();
      for (const s of slow) s.destroy();
      await srv.stop();
      if (churning) await churning;
    }
  });
});
