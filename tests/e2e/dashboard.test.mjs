// End-to-end test of the web dashboard in headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core; no browser download).
//
//   ACOUSTREAM_BIN=build/dev/acoustream node --test tests/e2e/
//
// One server (simulated 2 kHz source) and one browser serve most tests; the
// stream-ended test runs its own server on a short WAV file. Everything is
// stopped in after() hooks / finally blocks, also when a test fails.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

import { binaryPath, repoRoot, startServer, tempDir } from '../node/server.mjs';

const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const ARTIFACTS = join(repoRoot, 'test-artifacts');
const CANVASES = {
  scope: '#scope canvas',
  spectrum: '#spectrum canvas',
  waterfall: '#waterfall',
};

let server = null;
let browser = null;
const running = new Set();  // servers to kill if the runner exits abruptly

process.on('exit', () => {
  for (const s of running) {
    try { process.kill(s.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
});

async function launchServer(options) {
  const s = await startServer(options);
  running.add(s);
  return s;
}

async function stopServer(s) {
  if (!s) return null;
  const result = await s.stop();
  running.delete(s);
  return result;
}

before(async () => {
  server = await launchServer({ args: ['--source', 'simulated'] });
  assert.ok(server.token, 'the server printed a token');
  assert.ok(server.dashboard, 'the server printed a dashboard URL');
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  if (browser) await browser.close();
  const result = await stopServer(server);
  if (result) assert.equal(result.code, 0, `server exit: ${JSON.stringify(result)}`);
});

function isLocal(url) {
  if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return true;
  const u = new URL(url);
  return u.hostname === '127.0.0.1';
}

/**
 * Opens a page in a fresh context (own sessionStorage) and records every
 * request and page error; close() asserts that all requests stayed local.
 */
async function openPage(url, { viewport = { width: 1280, height: 980 } } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  if (url) await page.goto(url);
  return {
    page,
    requests,
    errors,
    consoleLines,
    async close() {
      await context.close();
      const remote = requests.filter((u) => !isLocal(u));
      assert.deepEqual(remote, [], 'every request goes to 127.0.0.1');
      assert.deepEqual(errors, [], 'no uncaught page errors');
    },
  };
}

async function withPage(url, body, options) {
  const p = await openPage(url, options);
  let failed = true;
  try {
    await body(p.page, p);
    failed = false;
  } finally {
    if (failed) {
      // The browser side of a failure, for the test log.
      const status = await p.page.locator('#status').textContent().catch(() => '?');
      const message = await p.page.locator('#message').textContent().catch(() => '?');
      console.error(`page status "${status}", message "${message}"\n` +
        `page errors: ${JSON.stringify(p.errors)}\nconsole: ${JSON.stringify(p.consoleLines)}`);
      await p.page.context().close().catch(() => {});
    }
    else await p.close();
  }
}

const text = (page, sel) => page.locator(sel).textContent();

async function waitLive(page) {
  await page.waitForFunction(() => document.getElementById('status').textContent === 'live', null, { timeout: 10000 });
}

/** Per canvas: a hash of all pixels, the count of painted pixels and of distinct colours. */
async function snapshot(page) {
  return page.evaluate((selectors) => {
    const out = {};
    for (const [name, sel] of Object.entries(selectors)) {
      const canvas = document.querySelector(sel);
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let hash = 2166136261;
      let painted = 0;
      const colours = new Set();
      for (let i = 0; i < data.length; i += 4) {
        const rgba = (data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3];
        hash = Math.imul(hash ^ rgba, 16777619);
        if (data[i + 3] > 0 && data[i] + data[i + 1] + data[i + 2] > 30) painted++;
        if (colours.size < 1000) colours.add(rgba);
      }
      out[name] = { hash: hash >>> 0, painted, colours: colours.size, width: canvas.width, height: canvas.height };
    }
    return out;
  }, CANVASES);
}

async function waitFor(page, fn, arg, timeout = 8000) {
  await page.waitForFunction(fn, arg, { timeout });
}

test('the dashboard goes live from ?token=; plots draw and change; 2 kHz peak; live stats', async () => {
  await withPage(server.dashboard, async (page, p) => {
    await waitLive(page);
    assert.equal(await page.locator('#message').isHidden(), true, 'no message shown');
    assert.equal(await page.locator('#token-form').isHidden(), true, 'no token form shown');
    const { search, stored } = await page.evaluate(() => ({
      search: location.search,
      stored: sessionStorage.getItem('acoustream.token'),
    }));
    assert.doesNotMatch(search, /token/, 'the token is removed from the address bar');
    assert.equal(stored, server.token, 'the token is kept in sessionStorage');
    assert.equal(await page.locator('#pause').isEnabled(), true);
    await waitFor(page, () => document.getElementById('peak-frequency').textContent.endsWith('Hz'));
    // Let the waterfall fill a little and stats arrive twice.
    await page.waitForTimeout(2200);
    const first = await snapshot(page);
    const framesBefore = Number(await text(page, '#stat-frames'));
    await page.waitForTimeout(1200);
    const second = await snapshot(page);
    const framesAfter = Number(await text(page, '#stat-frames'));

    for (const name of Object.keys(CANVASES)) {
      const a = first[name];
      assert.ok(a.width > 300 && a.height > 150, `${name} canvas has a real size (${a.width}x${a.height})`);
      assert.ok(a.painted > 500, `${name} has drawn pixels (${a.painted})`);
      assert.ok(a.colours > 5, `${name} is not a flat colour (${a.colours} colours)`);
      assert.notEqual(a.hash, second[name].hash, `${name} changes over time`);
    }

    const peak = parseFloat(await text(page, '#peak-frequency'));
    assert.ok(Math.abs(peak - 2000) <= 15, `peak readout ${peak} Hz`);
    assert.match(await text(page, '#peak-frequency'), /^\d+\.\d Hz$/);
    const amplitude = parseFloat(await text(page, '#peak-amplitude'));
    assert.ok(amplitude > 0.4 && amplitude < 0.6, `peak amplitude ${amplitude} (simulated 0.5)`);

    const fps = parseFloat(await text(page, '#stat-fps'));
    assert.ok(Math.abs(fps - 30) <= 3, `fps ${fps}`);
    assert.ok(framesAfter > framesBefore, `frames increase (${framesBefore} -> ${framesAfter})`);
    assert.ok(Number(await text(page, '#stat-subscribers')) >= 1, 'this page counts as a subscriber');
    const received = Number(await text(page, '#stat-received'));
    assert.ok(received >= 20 && received <= 40, `received ${received} frames/s`);
    const latency = parseFloat(await text(page, '#stat-latency'));
    assert.ok(latency >= 0 && latency < 1000, `latency ${latency} ms`);
    assert.equal(await text(page, '#stat-drops'), '0');
    assert.match(await text(page, '#stat-source'), /simulated/);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    assert.ok(p.requests.some((u) => u.includes('/api/audio/stream/events?')), 'the page opened the event stream');
    // Two EventSources, each in the compact form (docs/api.md, "Choosing the bytes").
    const opened = p.requests.filter((u) => u.includes('/api/audio/stream/events?')).map((u) => new URL(u).searchParams);
    assert.equal(opened.length, 2, 'exactly two EventSource connections');
    const audio = opened.find((q) => q.get('types') === 'audio,stats');
    const spectral = opened.find((q) => q.get('types') === 'spectral,stats');
    assert.ok(audio && spectral, 'one stream for audio, one for spectra');
    assert.equal(audio.get('encoding'), 'i16');
    assert.equal(audio.get('decimate'), '2');
    assert.equal(spectral.get('format'), 'db');
    assert.ok(Number(spectral.get('max_fps')) > 0, 'spectra rate-limited');
  });
});

/** Waits until every canvas has drawn something (the plots size themselves first). */
async function waitDrawn(page) {
  await page.waitForFunction((selectors) => Object.values(selectors).every((sel) => {
    const canvas = document.querySelector(sel);
    if (!canvas || !canvas.width || !canvas.height) return false;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 0; i < data.length && painted <= 500; i += 4)
      if (data[i + 3] > 0 && data[i] + data[i + 1] + data[i + 2] > 30) painted++;
    return painted > 500;
  }), CANVASES, { timeout: 10000 });
}

/** Asserts that the page does not scroll sideways and no element reaches past the viewport. */
async function assertFitsWidth(page, what) {
  const m = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const outside = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;  // not rendered
      if (r.left < -0.5 || r.right > width + 0.5) {
        const name = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') +
          (typeof el.className === 'string' && el.className ? `.${el.className.split(/\s+/).join('.')}` : '');
        outside.push(`${name} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
      }
    }
    return { innerWidth, width, scrollWidth: document.documentElement.scrollWidth, outside };
  });
  assert.ok(m.scrollWidth <= m.innerWidth && m.scrollWidth <= m.width,
    `${what}: page is ${m.scrollWidth} px wide in a ${m.innerWidth} px viewport (scrolls sideways); ` +
    `past the edge: ${m.outside.join(', ')}`);
  assert.deepEqual(m.outside, [], `${what}: elements reach past the ${m.width} px viewport`);
}

// Phone widths (Chromium's smallest common one, and Firefox's on a typical
// phone) and a desktop one as a control. "paused" (Resume) and "token
// rejected" make the header's controls widest.
for (const width of [360, 390, 1280]) {
  test(`at ${width} px the page fits the screen width: live, paused, token rejected`, async () => {
    const viewport = { width, height: 800 };
    await withPage(server.dashboard, async (page) => {
      await waitLive(page);
      await waitDrawn(page);
      await assertFitsWidth(page, `${width} px, live`);
      await page.click('#pause');
      assert.equal(await text(page, '#status'), 'paused');
      await assertFitsWidth(page, `${width} px, paused`);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, `dashboard-${width}.png`), fullPage: true });
    }, { viewport });
    await withPage(`${server.base}/?token=not-a-jwt`, async (page) => {
      await waitFor(page, () => document.getElementById('status').textContent === 'token rejected');
      assert.equal(await page.locator('#token-form').isVisible(), true);
      await assertFitsWidth(page, `${width} px, token rejected`);
    }, { viewport });
  });
}

test('pause freezes the plots while the stream goes on; resume restarts them', async () => {
  await withPage(server.dashboard, async (page) => {
    await waitLive(page);
    await waitFor(page, () => document.getElementById('peak-frequency').textContent.endsWith('Hz'));
    await page.click('#pause');
    assert.equal(await text(page, '#status'), 'paused');
    assert.equal(await page.getAttribute('#pause', 'aria-pressed'), 'true');
    assert.equal(await text(page, '#pause'), 'Resume');
    await page.waitForTimeout(200);  // an animation frame already queued may still land
    const frozen = await snapshot(page);
    const peakFrozen = await text(page, '#peak-frequency');
    const framesFrozen = Number(await text(page, '#stat-frames'));
    await page.waitForTimeout(1300);
    const still = await snapshot(page);
    for (const name of Object.keys(CANVASES))
      assert.equal(still[name].hash, frozen[name].hash, `${name} does not change while paused`);
    assert.equal(await text(page, '#peak-frequency'), peakFrozen);
    assert.ok(Number(await text(page, '#stat-frames')) > framesFrozen, 'stats keep counting while paused');

    await page.click('#pause');
    assert.equal(await text(page, '#status'), 'live');
    assert.equal(await page.getAttribute('#pause', 'aria-pressed'), 'false');
    await page.waitForTimeout(600);
    const resumed = await snapshot(page);
    for (const name of Object.keys(CANVASES))
      assert.notEqual(resumed[name].hash, frozen[name].hash, `${name} updates again after resume`);
  });
});

test('a rejected token shows the server reason and the token form', async () => {
  // Same header and claims, broken signature: the server answers 401.
  const forged = server.token.slice(0, -4) + (server.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  await withPage(`${server.base}/?token=${encodeURIComponent(forged)}`, async (page, p) => {
    await waitFor(page, () => document.getElementById('status').textContent === 'token rejected');
    const message = await text(page, '#message');
    assert.equal(await page.locator('#message').isVisible(), true);
    assert.match(message, /rejected the access token \(HTTP 401 invalid_token\)/);
    assert.equal(await page.locator('#token-form').isVisible(), true);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('acoustream.token')), null,
      'a rejected token is forgotten');
    assert.equal(p.requests.filter((u) => u.includes('/stream/events')).length, 0,
      'no event stream is opened with a rejected token');
  });
  await withPage(`${server.base}/?token=not-a-jwt`, async (page) => {
    await waitFor(page, () => document.getElementById('status').textContent === 'token rejected');
    assert.match(await text(page, '#message'), /rejected the access token/);
  });
});

test('the token entry form connects with a good token', async () => {
  await withPage(`${server.base}/`, async (page) => {
    await waitFor(page, () => !document.getElementById('token-form').hidden);
    assert.equal(await text(page, '#status'), 'no token');
    assert.match(await text(page, '#message'), /Enter the access token/);
    assert.equal(await page.locator('label[for="token-input"]').count(), 1, 'the input is labelled');

    await page.fill('#token-input', 'wrong.token.value');
    await page.click('#token-form button[type="submit"]');
    await waitFor(page, () => document.getElementById('status').textContent === 'token rejected');
    assert.equal(await page.locator('#token-form').isVisible(), true);

    await page.fill('#token-input', server.token);
    await page.press('#token-input', 'Enter');
    await waitLive(page);
    assert.equal(await page.locator('#token-form').isHidden(), true);
    assert.equal(await page.locator('#message').isHidden(), true);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('acoustream.token')), server.token);
    await waitFor(page, () => document.getElementById('peak-frequency').textContent.endsWith('Hz'));
  });
});

// These run their own servers and mostly wait on timers, so they run side by side.
describe('stream lifecycle', { concurrency: true }, () => {
  function writeStereoWav(path, { seconds, rate = 48000, frequency = 2000, amplitude = 0.5 }) {
    const frames = Math.round(seconds * rate);
    const buf = Buffer.alloc(44 + frames * 4);
    buf.write('RIFF', 0);
    buf.writeUInt32LE(36 + frames * 4, 4);
    buf.write('WAVEfmt ', 8);
    buf.writeUInt32LE(16, 16);
    buf.writeUInt16LE(1, 20);  // PCM
    buf.writeUInt16LE(2, 22);  // channels
    buf.writeUInt32LE(rate, 24);
    buf.writeUInt32LE(rate * 4, 28);
    buf.writeUInt16LE(4, 32);
    buf.writeUInt16LE(16, 34);
    buf.write('data', 36);
    buf.writeUInt32LE(frames * 4, 40);
    for (let i = 0; i < frames; i++) {
      const v = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * frequency * i) / rate));
      buf.writeInt16LE(v, 44 + i * 4);
      buf.writeInt16LE(-v, 46 + i * 4);
    }
    writeFileSync(path, buf);
  }

  // The page is opened first and the server (or token) started just before
  // navigating, so a slow browser start does not eat the file or the token life.
  test('the end of acquisition shows "stream ended"', async () => {
    const wav = join(tempDir(), 'tone.wav');
    writeStereoWav(wav, { seconds: 5 });
    let fileServer = null;
    try {
      await withPage(null, async (page) => {
        fileServer = await launchServer({ args: ['--file', wav] });
        await page.goto(fileServer.dashboard);
        await waitFor(page, () => document.getElementById('peak-frequency').textContent.endsWith('Hz'));
        const peak = parseFloat(await text(page, '#peak-frequency'));
        assert.ok(Math.abs(peak - 2000) <= 15, `peak from the file ${peak} Hz`);
        await waitFor(page, () => document.getElementById('status').textContent === 'stream ended', null, 15000);
        assert.match(await text(page, '#message'), /stream has ended .*after \d+ frames/);
        assert.equal(await page.locator('#pause').isDisabled(), true);
      });
    } finally {
      await stopServer(fileServer);
    }
  });

  test('a token that expires while streaming ends in a clear "rejected" message', async () => {
    const secret = 'e2e-dashboard-secret-0123456789abcdef';
    const env = { ACOUSTREAM_JWT_SECRET: secret };
    // No leeway: the token is refused at exp, not 30 s later.
    const expiring = await launchServer({ env, config: 'auth:\n  leeway_secs: 0\n' });
    try {
      await withPage(null, async (page) => {
        const token = execFileSync(binaryPath(), ['token', '--sub', 'e2e', '--ttl', '8s'], {
          env: { ...process.env, ...env },
          encoding: 'utf8',
        }).trim();
        await page.addInitScript(() => {
          window.statusSeen = [];
          document.addEventListener('DOMContentLoaded', () => {
            const el = document.getElementById('status');
            new MutationObserver(() => window.statusSeen.push(el.textContent)).observe(el, { childList: true });
          });
        });
        await page.goto(`${expiring.base}/?token=${token}`);
        // The server closes a stream within 5 s after exp; the reconnection gets 401.
        await waitFor(page, () => document.getElementById('status').textContent === 'token rejected', null, 20000);
        const seen = await page.evaluate(() => window.statusSeen);
        assert.ok(seen.indexOf('live') >= 0 && seen.indexOf('live') < seen.indexOf('token rejected'),
          `live first, then rejected: ${seen.join(' → ')}`);
        assert.match(await text(page, '#message'), /rejected the access token \(HTTP 401 invalid_token\): .*expired/i);
        assert.equal(await page.locator('#token-form').isVisible(), true);
      });
    } finally {
      await stopServer(expiring);
    }
  });

  /**
   * A TCP relay to the server whose open connections the test can cut; it keeps
   * the request heads the clients sent (connections are reused, so every chunk).
   */
  async function startRelay(targetPort) {
    const sockets = new Set();
    let sent = '';
    const relay = createServer((client) => {
      const upstream = connect(targetPort, '127.0.0.1');
      client.on('data', (chunk) => { sent += chunk.toString('latin1'); });
      for (const [a, b] of [[client, upstream], [upstream, client]]) {
        sockets.add(a);
        a.on('error', () => b.destroy());
        a.on('close', () => { sockets.delete(a); b.destroy(); });
        a.pipe(b);
      }
    });
    await new Promise((res) => relay.listen(0, '127.0.0.1', res));
    return {
      port: relay.address().port,
      heads: () => sent.match(/^GET [^\r]*\r\n(?:[^\r]+\r\n)*\r\n/gm) ?? [],
      cut() { for (const s of sockets) s.destroy(); },
      close() { this.cut(); return new Promise((res) => relay.close(res)); },
    };
  }

  test('a dropped connection is resumed with Last-Event-ID and goes live again', async () => {
    const relay = await startRelay(server.port);
    try {
      const url = `http://127.0.0.1:${relay.port}/?token=${server.token}`;
      await withPage(url, async (page) => {
        await waitLive(page);
        await waitFor(page, () => document.getElementById('peak-frequency').textContent.endsWith('Hz'));
        await page.evaluate(() => {
          window.statusSeen = [];
          const el = document.getElementById('status');
          new MutationObserver(() => window.statusSeen.push(el.textContent)).observe(el, { childList: true });
        });
        const before = await snapshot(page);
        relay.cut();
        await waitFor(page, () => window.statusSeen.includes('reconnecting…'));
        await waitFor(page, () => document.getElementById('status').textContent === 'live', null, 10000);
        // Each EventSource reconnects on its own schedule: wait for both.
        const eventHeads = () => relay.heads().filter((h) => h.startsWith('GET /api/audio/stream/events?'));
        for (let waited = 0; eventHeads().length < 4 && waited < 10000; waited += 100) await page.waitForTimeout(100);
        const heads = eventHeads();
        for (const types of ['audio%2Cstats', 'spectral%2Cstats']) {
          const streams = heads.filter((h) => h.includes(`types=${types}&`));
          assert.equal(streams.length, 2, `the ${types} EventSource reconnected once`);
          assert.doesNotMatch(streams[0], /last-event-id/i);
          assert.match(streams[1], /^last-event-id: \d+\r$/im, 'the reconnection carries Last-Event-ID');
        }
        await page.waitForTimeout(500);
        const after = await snapshot(page);
        for (const name of Object.keys(CANVASES))
          assert.notEqual(after[name].hash, before[name].hash, `${name} updates after the reconnection`);
      });
    } finally {
      await relay.close();
    }
  });
});

test('the stats strip shows what the page\'s stream costs, compressed', async (t) => {
  await withPage(`${server.base}/?token=${server.token}`, async (page) => {
    await waitLive(page);
    await waitFor(page, () => /B\/s$/.test(document.getElementById('stat-rate').textContent), null, 10000);
    await page.waitForTimeout(3000);
    const shown = await text(page, '#stat-rate');
    t.diagnostic(`the dashboard's stream: ${shown}`);
    assert.match(shown, /^[\d.]+ (kB|MB)\/s$/);
    // The compact forms keep a tab under 300 kB/s (1.15 MB/s with full JSON).
    const [value, unit] = shown.split(' ');
    const kb = Number(value) * (unit === 'MB/s' ? 1000 : 1);
    assert.ok(kb <= 300, `the page's streams cost ${shown}`);
  });
});

describe('recordings panel', () => {
  const SECRET = 'e2e-recordings-secret-0123456789abcdef';
  const b64url = (x) => Buffer.from(JSON.stringify(x)).toString('base64url');
  const mint = (scope) => {
    const now = Math.floor(Date.now() / 1000);
    const input = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: 'e2e', scope, iat: now, exp: now + 600 })}`;
    return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
  };
  let recServer = null;

  before(async () => {
    const dir = join(tempDir('acoustream-e2e-rec-'), 'recordings');
    recServer = await launchServer({
      config: `auth:\n  hmac_secret: "${SECRET}"\nrecording:\n  directory: "${dir}"\n  format: wav\n`,
      args: ['--source', 'simulated'],
    });
  });
  after(async () => {
    const result = await stopServer(recServer);
    if (result) assert.equal(result.code, 0, `server exit: ${JSON.stringify(result)}`);
  });

  test('a read-only token sees the list but no record button', async () => {
    await withPage(`${recServer.base}/?token=${mint('read:api')}`, async (page) => {
      await waitLive(page);
      await waitFor(page, () => document.getElementById('rec-state').textContent.includes('may not record'));
      assert.equal(await page.locator('#rec-button').isVisible(), false);
    });
  });

  test('record, watch time and size grow, stop, and download the file', async () => {
    const token = mint('read:api write:api');
    await withPage(`${recServer.base}/?token=${token}`, async (page) => {
      await waitLive(page);
      await waitFor(page, () => !document.getElementById('rec-button').hidden);
      await page.locator('#rec-label').fill('e2e run');
      await page.locator('#rec-button').click();
      await waitFor(page, () => document.getElementById('rec-state').textContent.startsWith('● recording 00:00:0'));
      await waitFor(page, () => /· [1-9][\d.]* (kB|MB)/.test(document.getElementById('rec-state').textContent), null, 8000);
      assert.equal(await text(page, '#rec-button'), 'Stop recording');
      await page.waitForTimeout(1200);
      await page.locator('#rec-button').click();
      await waitFor(page, () => document.querySelector('#rec-list tr td.state')?.textContent === 'finished');
      assert.equal(await text(page, '#rec-button'), 'Record');
      const row = page.locator('#rec-list tr').first();
      assert.match(await row.locator('td').first().textContent(), /e2e run/);
      const link = row.locator('a').first();
      const name = await link.textContent();
      const download = page.waitForEvent('download');
      await link.click();
      const saved = join(tempDir('acoustream-e2e-dl-'), name);
      await (await download).saveAs(saved);
      const id = await row.getAttribute('data-id');
      const api = await (await fetch(`${recServer.base}/api/audio/recordings/${id}`,
        { headers: { Authorization: `Bearer ${token}` } })).json();
      assert.equal(statSync(saved).size, api.files[0].bytes, 'the downloaded file is the whole file');
      assert.equal(readFileSync(saved).toString('latin1', 0, 4), 'RIFF');
    });
  });
});
