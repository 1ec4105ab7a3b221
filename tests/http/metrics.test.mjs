// /metrics of the real server: promtool's checks, the byte counters, the
// process and build metrics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { launch, makeToken, getJson, RawSse, until } from './helpers.mjs';

let srv;
let token;
let launchedAt;  // Unix seconds just before the server was started
before(async () => {
  launchedAt = Date.now() / 1000;
  srv = await launch({ acquisition: { target_fps: 20 } });
  token = makeToken();
});
after(async () => { await srv.stop(); });

// Every sample of the exposition as name -> [{ labels, value }].
function parseExposition(text) {
  const samples = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/);
    assert.ok(m, `exposition line: ${line}`);
    if (!samples.has(m[1])) samples.set(m[1], []);
    samples.get(m[1]).push({ labels: m[2] ?? '', value: Number(m[3]) });
  }
  return samples;
}

async function scrape() {
  const r = await getJson(srv, '/metrics');
  assert.equal(r.status, 200);
  return { text: r.text, samples: parseExposition(r.text) };
}

const value = (samples, name) => {
  const s = samples.get(name);
  assert.ok(s && s.length === 1, `one sample of ${name}`);
  return s[0].value;
};

// Runs `promtool check metrics` on `text`; resolves { code, output }.
function promtool(text) {
  return new Promise((resolve, reject) => {
    const p = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    p.stdout.on('data', (d) => { output += d; });
    p.stderr.on('data', (d) => { output += d; });
    p.on('error', (err) => reject(new Error(`cannot run promtool (Debian package prometheus, scripts/install-deps.sh): ${err.message}`)));
    p.on('close', (code) => resolve({ code, output }));
    p.stdin.end(text);
  });
}

test('SSE bytes are counted apart from, and inside, all bytes sent', async () => {
  const sse = new RawSse(srv.port, '/api/audio/stream/audio?decimate=100', { headers: { Authorization: `Bearer ${token}` } });
  await sse.waitFor((s) => s.frames().length >= 2, 15000, 'two frames');
  const received = sse.bytes;
  await sse.close();
  // The counters are bumped when a write completes, and the stream ends
  // when the server notices the close: wait for both.
  await until(async () => {
    const { samples } = await scrape();
    return value(samples, 'acoustream_subscribers') === 0 && value(samples, 'acoustream_sse_bytes_sent_total') >= received;
  }, 15000, 'the stream closed and its bytes counted');

  const json = await getJson(srv, '/api/audio/stream/stats', { token });
  assert.equal(json.status, 200);
  const { samples } = await scrape();
  const sseBytes = value(samples, 'acoustream_sse_bytes_sent_total');
  const allBytes = value(samples, 'acoustream_bytes_sent_total');
  assert.ok(sseBytes >= received, `sse bytes ${sseBytes} cover the ${received} the client received`);
  assert.ok(allBytes - sseBytes >= json.text.length, `all bytes ${allBytes} exceed sse bytes ${sseBytes} by at least the JSON body (${json.text.length})`);
  assert.ok(json.json.bytes_sent <= allBytes, '/stats bytes_sent counts the same bytes');
});

test('process, build and lag metrics are exported with plausible values', async () => {
  const { samples } = await scrape();
  for (const name of ['acoustream_lagged_frames_total', 'acoustream_sse_bytes_sent_total', 'acoustream_build_info',
    'process_cpu_seconds_total', 'process_resident_memory_bytes', 'process_virtual_memory_bytes',
    'process_open_fds', 'process_max_fds', 'process_start_time_seconds']) {
    assert.ok(samples.has(name), `${name} exported: ${[...samples.keys()].join(' ')}`);
  }
  const health = await getJson(srv, '/healthz');
  assert.deepEqual(samples.get('acoustream_build_info'), [{ labels: `version="${health.json.version}"`, value: 1 }]);
  assert.ok(value(samples, 'acoustream_lagged_frames_total') >= 0);

  // /proc's boot time has whole seconds; the start is within the launch.
  const start = value(samples, 'process_start_time_seconds');
  assert.ok(start >= launchedAt - 2 && start <= Date.now() / 1000 + 2,
    `process_start_time_seconds ${start} between the launch (${launchedAt}) and now`);
  const rss = value(samples, 'process_resident_memory_bytes');
  const vsz = value(samples, 'process_virtual_memory_bytes');
  assert.ok(rss > 1 << 20 && vsz >= rss, `rss ${rss}, virtual ${vsz}`);
  const openFds = value(samples, 'process_open_fds');
  const maxFds = value(samples, 'process_max_fds');
  assert.ok(openFds >= 3 && maxFds >= openFds, `open fds ${openFds}, max ${maxFds}`);
  assert.ok(value(samples, 'process_cpu_seconds_total') >= 0);
});

test('promtool check metrics finds nothing to report', async () => {
  const { text } = await scrape();
  const { code, output } = await promtool(text);
  assert.equal(output, '', `promtool check metrics:\n${output}`);
  assert.equal(code, 0, 'promtool exit status');
});
