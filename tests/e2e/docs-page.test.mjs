// The API docs page (/api/doc/, RapiDoc) and the dashboard in headless
// Chromium: every request they make goes to the server itself.
//
//   ACOUSTREAM_BIN=build/dev/acoustream node --test tests/e2e/
//
// Requests to any other host (web fonts included) are recorded and aborted,
// so the result does not depend on whether this machine can reach the
// internet, and the page must still render from local files alone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

import { startServer } from '../node/server.mjs';

const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

let server = null;
let browser = null;

process.on('exit', () => {
  if (server) {
    try { process.kill(server.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
});

before(async () => {
  server = await startServer({ args: ['--source', 'simulated'] });
  assert.ok(server.token, 'the server printed a token');
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  if (browser) await browser.close();
  if (server) {
    const result = await server.stop();
    server = null;
    assert.equal(result.code, 0, `server exit: ${JSON.stringify(result)}`);
  }
});

// data:, blob: and about: URLs are not fetched from any host.
function isLoopback(url) {
  if (/^(data|blob|about):/.test(url)) return true;
  return new URL(url).hostname === '127.0.0.1';
}

/**
 * Runs body(page, log) in a fresh context whose non-loopback requests are
 * aborted; afterwards asserts that there were none.
 */
async function withLocalPage(body) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 980 } });
  const log = { requests: [], remote: [], failed: [], responses: [], errors: [] };
  // route() sees what the page fetches; page.on('request') also what route() may not.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    log.remote.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('requestfailed', (r) => log.failed.push(`${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => log.responses.push({ url: r.url(), status: r.status() }));
  page.on('pageerror', (e) => log.errors.push(String(e)));
  try {
    await body(page, log);
  } finally {
    await context.close();
  }
  assertAllLoopback(log);
  assert.deepEqual(log.errors, [], 'no uncaught page errors');
}

function assertAllLoopback(log) {
  const remote = [...new Set([...log.remote, ...log.requests.filter((u) => !isLoopback(u))])];
  assert.deepEqual(remote, [], 'every request goes to 127.0.0.1');
}

test('/api/doc/ renders the API document with no request off 127.0.0.1 (fonts included)', async () => {
  await withLocalPage(async (page, log) => {
    await page.goto(`${server.base}/api/doc/`);
    // The operation paths are rendered inside <rapi-doc>'s shadow DOM (locators pierce it).
    await page.locator('rapi-doc').getByText('/api/audio/stream/stats', { exact: false }).first()
      .waitFor({ state: 'attached', timeout: 15000 });
    const spec = log.responses.filter((r) => new URL(r.url).pathname === '/api/openapi.json');
    assert.deepEqual(spec.map((r) => r.status), [200], 'the spec was fetched once from the server');
    // Fonts load lazily, once text in them is laid out: wait for that to settle.
    await page.evaluate(() => document.fonts.ready);
    await page.waitForLoadState('networkidle');
    assertAllLoopback(log);
    assert.deepEqual(log.failed, [], 'no request failed');
  });
});

test('the dashboard makes no request off 127.0.0.1', async () => {
  await withLocalPage(async (page) => {
    await page.goto(server.dashboard);
    await page.waitForFunction(() => document.getElementById('status').textContent === 'live', null,
      { timeout: 10000 });
    await page.waitForFunction(() => document.getElementById('peak-frequency').textContent.endsWith('Hz'),
      null, { timeout: 8000 });
    await page.evaluate(() => document.fonts.ready);
  });
});
