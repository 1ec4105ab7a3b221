// HTTP/1.1 conformance of the real server over raw sockets, as clients and
// proxies nobody here wrote send it: statuses decided by route and method
// before any body (405 with Allow, not 413), plain OPTIONS, the Host header
// rules (RFC 9112 section 3.2), absolute-form and asterisk-form targets,
// `Date` on every response (RFC 9110 section 6.6.1), and static files: a
// missing one is a 404 JSON error, never an empty 200; a control byte in a
// path is a 400.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, makeToken, rawExchange, tempDir, RawSse } from './helpers.mjs';

// RFC 9110 section 5.6.7 IMF-fixdate.
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

let srv;
before(async () => { srv = await launch(); });
after(async () => { await srv.stop(); });

const send = (text) => rawExchange(srv.port, text);
const get = (path, headers = '') => send(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`);

function assertJsonError(r, status, code, what) {
  assert.equal(r.status, status, `${what}: ${r.raw.slice(0, 300)}`);
  assert.match(r.headers.get('content-type') || '', /^application\/json/, `${what}: content-type`);
  if (code) assert.equal(r.json?.error, code, `${what}: error code`);
  assert.ok(r.json?.error_description, `${what}: error_description`);
}

describe('route and method come before the body', () => {
  test('POST with a small body to a GET route: 405 with Allow, not 413', async () => {
    for (const path of ['/healthz', '/api/audio/stream/stats', '/nope']) {
      const r = await send(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nx=1`);
      assertJsonError(r, 405, 'method_not_allowed', `POST ${path}`);
      assert.match(r.headers.get('allow') || '', /\bGET\b/, `POST ${path}: Allow`);
    }
    const chunked = await send('PUT /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nx=1\r\n0\r\n\r\n');
    assertJsonError(chunked, 405, 'method_not_allowed', 'PUT chunked');
  });

  test('GET with a body: 400 naming the cause; GET with Content-Length: 0 is served', async () => {
    const r = await send('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n\r\nx=1');
    assertJsonError(r, 400, 'body_not_allowed', 'GET with a body');
    const zero = await send('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    assert.equal(zero.status, 200, zero.raw);
  });

  test('OPTIONS without Origin is a plain OPTIONS: 204 with Allow', async () => {
    for (const target of ['/healthz', '/api/audio/stream/audio', '*']) {
      const r = await send(`OPTIONS ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      assert.equal(r.status, 204, `OPTIONS ${target}: ${r.raw}`);
      assert.match(r.headers.get('allow') || '', /GET/, `OPTIONS ${target}: Allow`);
      assert.equal(r.body, '');
    }
  });
});

describe('Host (RFC 9112 section 3.2) and request targets', () => {
  test('HTTP/1.1 with no Host, two Hosts or an invalid Host: 400', async () => {
    const cases = [
      ['no Host', 'GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n'],
      ['two Host headers', 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'],
      ['Host with userinfo', 'GET /healthz HTTP/1.1\r\nHost: user@127.0.0.1\r\nConnection: close\r\n\r\n'],
      ['Host with a space', 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1 x\r\nConnection: close\r\n\r\n'],
      ['Host with a bad port', 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:80x\r\nConnection: close\r\n\r\n'],
      ['Host with a path', 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1/x\r\nConnection: close\r\n\r\n'],
    ];
    for (const [what, text] of cases) assertJsonError(await send(text), 400, 'bad_request', what);
  });

  test('valid Host forms are served; HTTP/1.0 needs no Host', async () => {
    for (const host of ['127.0.0.1', `127.0.0.1:${srv.port}`, 'localhost', '[::1]:8080', 'lab.example.org']) {
      const r = await send(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      assert.equal(r.status, 200, `Host: ${host}: ${r.raw.slice(0, 200)}`);
    }
    const old = await send('GET /healthz HTTP/1.0\r\n\r\n');
    assert.equal(old.status, 200, old.raw.slice(0, 200));
  });

  test('absolute-form targets are accepted (RFC 9112 section 3.2.2), query included', async () => {
    const r = await send(`GET http://127.0.0.1:${srv.port}/api/audio/stream/latest?decimate=800 HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
      `Authorization: Bearer ${makeToken()}\r\nConnection: close\r\n\r\n`);
    assert.equal(r.status, 200, r.raw.slice(0, 300));
    assert.equal(r.json.channel_a.length, 2, 'decimate applied from the absolute-form query');
    const bad = await send('GET ftp://127.0.0.1/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    assertJsonError(bad, 400, 'bad_request', 'a non-HTTP absolute URI');
  });
});

describe('Date on every response (RFC 9110 section 6.6.1)', () => {
  test('JSON, errors, static files, streams, HEAD', async () => {
    const token = makeToken();
    const responses = {
      healthz: await get('/healthz'),
      notFound: await get('/nope'),
      unauthorized: await get('/api/audio/stream/stats'),
      methodNotAllowed: await send('DELETE /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'),
      badRequest: await send('GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n'),
      malformed: await send('BLAH\r\n\r\n'),
      dashboard: await get('/'),
      head: await send('HEAD /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'),
      options: await send('OPTIONS /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'),
    };
    for (const [what, r] of Object.entries(responses)) {
      assert.ok(r.status, `${what}: a response`);
      assert.match(r.headers.get('date') || '', IMF_FIXDATE, `${what}: Date header in ${r.raw.slice(0, 200)}`);
      const skew = Math.abs(Date.parse(r.headers.get('date')) - Date.now());
      assert.ok(skew < 5000, `${what}: Date is now (${skew} ms off)`);
    }
    const s = new RawSse(srv.port, '/api/audio/stream/audio?decimate=100', { headers: { Authorization: `Bearer ${token}` } });
    await s.waitFor((x) => x.frames().length >= 1, 20000, 'a frame');
    await s.close();
    assert.match(s.headers.get('date') || '', IMF_FIXDATE, 'SSE stream: Date header');
  });
});

describe('static files', () => {
  test('a missing file is a 404 JSON error, never an empty 200', async () => {
    for (const path of ['/dashboard/nope.js', '/dashboard/', '/dashboard', '/dashboard/nope/', '/vendor/nope.js']) {
      const r = await get(path);
      assertJsonError(r, 404, 'not_found', path);
    }
    const ok = await get('/dashboard/app.mjs');
    assert.equal(ok.status, 200);
    assert.ok(ok.body.length > 100, 'a real file has its bytes');
  });

  test('a NUL or any control byte in a path: 400, never another file under another type', async () => {
    for (const path of ['/dashboard/app.mjs%00.png', '/dashboard/a%01b.js', '/dashboard/app.mjs%0a', '/healthz%7f', '/api/audio/stream/stats%00']) {
      const r = await get(path);
      assertJsonError(r, 400, 'bad_request', path);
      assert.doesNotMatch(r.headers.get('content-type') || '', /image\/png/, path);
    }
  });

  // Resolves the start error; a server that starts anyway is stopped, and fails the test.
  async function startError(overrides) {
    let started;
    try {
      started = await launch(overrides);
    } catch (e) {
      return String(e.message);
    }
    await started.stop();
    return assert.fail(`the server started with ${JSON.stringify(overrides)}`);
  }

  test('a web_root without the dashboard: an error at start naming the folder', async () => {
    const empty = tempDir('acoustream-webroot-');
    assert.ok((await startError({ server: { web_root: empty } })).includes(empty), 'names the empty folder');
    const missing = join(tempDir('acoustream-webroot-'), 'absent');
    assert.ok((await startError({ server: { web_root: missing } })).includes(missing), 'names the missing folder');
  });

  test('a vendor_root without the front-end packages (npm ci not run): an error at start naming what is missing', async () => {
    const vendor = tempDir('acoustream-vendor-');
    mkdirSync(join(vendor, 'uplot', 'dist'), { recursive: true });
    writeFileSync(join(vendor, 'uplot', 'dist', 'uPlot.iife.min.js'), '// uplot');
    const message = await startError({ server: { vendor_root: vendor } });
    assert.match(message, /rapidoc/, `names the missing package: ${message}`);
    assert.match(message, /npm ci/, `says how to fix it: ${message}`);
  });
});
