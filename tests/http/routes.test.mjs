// docs/api.md (routes, CORS, errors): the JSON routes, docs, metrics, errors.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { launch, makeToken, getJson, curl, splitHttp, RawSse, until } from './helpers.mjs';

const ALLOWED = 'https://dashboard.example';

let srv;
let token;
before(async () => {
  srv = await launch({ server: { cors_allowed_origins: [ALLOWED, 'http://localhost:3000'] }, acquisition: { target_fps: 20 } });
  token = makeToken();
  // fps is measured over >= 1 s: wait for it.
  await until(async () => (await getJson(srv, '/api/audio/stream/stats', { token })).json.fps > 0, 15000, 'a measured fps');
});
after(async () => { await srv.stop(); });

function assertJsonError(r, status, what) {
  assert.equal(r.status, status, `${what}: ${r.status} ${r.text}`);
  assert.match(r.headers.get('content-type') || '', /^application\/json/, `${what}: content-type`);
  assert.ok(r.json, `${what}: JSON body`);
  assert.equal(typeof r.json.error, 'string');
  assert.equal(typeof r.json.error_description, 'string');
  assert.ok(r.json.error_description.length > 0);
}

describe('JSON routes', () => {
  test('/api/audio/stream/stats fields', async () => {
    const r = await getJson(srv, '/api/audio/stream/stats', { token });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    const s = r.json;
    for (const k of ['total_frames', 'active_subscribers', 'fps', 'last_update', 'dropped_frames']) assert.equal(typeof s[k], 'number', k);
    assert.ok(s.total_frames >= 3);
    assert.ok(s.fps > 5 && s.fps < 40, `fps ${s.fps} near 20`);
    assert.ok(Math.abs(s.last_update - Date.now()) < 10000, 'last_update is Unix ms');
    assert.equal(s.active_subscribers, 0);
    assert.equal(s.source?.state, 'running', 'source state');
  });

  test('/api/audio/stream/latest is an AudioFrameResponse; decimate and f32 apply', async () => {
    const r = await getJson(srv, '/api/audio/stream/latest', { token });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    const f = r.json;
    assert.deepEqual(Object.keys(f).sort(), ['channel_a', 'channel_b', 'duration_ms', 'frame_number', 'sample_rate', 'timestamp']);
    assert.equal(f.channel_a.length, 2400);
    assert.equal(f.sample_rate, 48000);
    const d = (await getJson(srv, '/api/audio/stream/latest?decimate=1000&encoding=f32', { token })).json;
    assert.equal(d.channels_length, 3);
    assert.equal(d.channels_raw_type, 'f32');
  });

  test('/latest before the first frame: 404 no_frame (covered by the C++ route test)', { skip: 'the simulated and file sources publish their first frame at start; see test_http_routes' }, () => {});

  test('HEAD: headers without a body, on JSON and stream routes', async () => {
    const h = await fetch(`${srv.base}/healthz`, { method: 'HEAD' });
    assert.equal(h.status, 200);
    assert.equal(await h.text(), '');
    // Raw bytes: a HEAD of a stream must not start streaming events.
    const { default: net } = await import('node:net');
    const sock = net.connect(srv.port, '127.0.0.1');
    let got = '';
    sock.on('data', (d) => { got += d; });
    sock.write(`HEAD /api/audio/stream/audio?decimate=100 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`);
    await new Promise((r) => { sock.on('close', r); setTimeout(r, 3000); });
    sock.destroy();
    assert.match(got, /^HTTP\/1\.1 200 /);
    assert.match(got, /Content-Type: text\/event-stream\r\n/i);
    assert.equal(got.slice(got.indexOf('\r\n\r\n') + 4), '', 'no body after the HEAD headers');
  });

  test('/healthz 200 status ok, no auth', async () => {
    const r = await getJson(srv, '/healthz');
    assert.equal(r.status, 200);
    assert.equal(r.json.status, 'ok');
  });

  test('/metrics: Prometheus text with frame, fps, subscriber, drop, bytes and auth metrics', async () => {
    const r = await getJson(srv, '/metrics');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/plain/);
    const names = [];
    for (const line of r.text.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (-?[0-9.eE+-]+|NaN|\+Inf|-Inf)$/);
      assert.ok(m, `exposition line: ${line}`);
      names.push(m[1]);
    }
    for (const word of ['frame', 'fps', 'subscriber', 'drop', 'bytes', 'auth']) {
      assert.ok(names.some((n) => n.includes(word)), `a metric name containing ${word}: ${names}`);
    }
    const frames = Number(r.text.match(/^acoustream_frames_total (\S+)$/m)[1]);
    assert.ok(frames >= 3);
  });
});

describe('docs', () => {
  test('/api/openapi.json: OpenAPI 3, every /api/audio operation needs a bearer token', async () => {
    const r = await getJson(srv, '/api/openapi.json');
    assert.equal(r.status, 200);
    const doc = r.json;
    assert.ok(doc, 'valid JSON');
    assert.match(doc.openapi, /^3\./);
    const schemes = doc.components?.securitySchemes || {};
    const bearerNames = Object.entries(schemes)
      .filter(([, s]) => s.type === 'http' && String(s.scheme).toLowerCase() === 'bearer').map(([n]) => n);
    assert.ok(bearerNames.length >= 1, 'a bearer security scheme');
    for (const p of ['/api/audio/stream/stats', '/api/audio/stream/latest', '/api/audio/stream/audio', '/api/audio/stream/audio/fast',
      '/api/audio/stream/spectral', '/api/audio/stream/events', '/healthz', '/metrics']) {
      assert.ok(doc.paths[p], `path ${p} documented`);
    }
    let ops = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/audio')) continue;
      for (const [method, op] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'delete', 'patch', 'options', 'head'].includes(method)) continue;
        ops++;
        const security = op.security ?? doc.security;
        assert.ok(Array.isArray(security) && security.length > 0, `${method} ${path} has security`);
        assert.ok(security.some((req) => Object.keys(req).some((n) => bearerNames.includes(n))),
          `${method} ${path}: a bearer requirement`);
        // No anonymous alternative ({}); other alternatives are the query token.
        for (const req of security) {
          assert.ok(Object.keys(req).length > 0, `${method} ${path}: anonymous access allowed`);
          for (const n of Object.keys(req)) {
            const sch = schemes[n];
            assert.ok(sch, `${n} is declared`);
            if (!bearerNames.includes(n)) assert.deepEqual([sch.type, sch.in, sch.name], ['apiKey', 'query', 'access_token']);
          }
        }
      }
    }
    assert.ok(ops >= 6);
  });

  test('/api/doc/ references only local scripts; rapidoc-min.js is served', async () => {
    const r = await getJson(srv, '/api/doc/');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/html/);
    const refs = [...r.text.matchAll(/\b(?:src|href|spec-url)\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]);
    assert.ok(refs.length >= 1);
    // Relative and local: they resolve under the page's own URL, prefix included.
    for (const ref of refs) assert.ok(!/^[a-z]+:|^\/\//i.test(ref) && !ref.startsWith('/'), `non-relative reference ${ref}`);
    const resolved = refs.map((ref) => new URL(ref, `${srv.base}/api/doc/`).pathname);
    assert.ok(resolved.includes('/api/doc/rapidoc-min.js'), resolved.join(' '));
    assert.ok(resolved.includes('/api/openapi.json'), resolved.join(' '));
    const redirect = await fetch(`${srv.base}/api/doc`, { redirect: 'manual' });
    assert.equal(redirect.status, 308);
    assert.equal(redirect.headers.get('location'), 'doc/', 'a relative redirect stays under a proxy prefix');
    const js = await curl(['-o', '/dev/null', '-w', '%{http_code} %{content_type} %{size_download}', `${srv.base}/api/doc/rapidoc-min.js`]);
    const [code, type, size] = js.stdout.toString().split(' ');
    assert.equal(code, '200');
    assert.match(type, /javascript/);
    assert.ok(Number(size) > 100000, `rapidoc size ${size}`);
  });
});

describe('errors', () => {
  test('unknown routes → 404 JSON (after auth under /api/audio)', async () => {
    assertJsonError(await getJson(srv, '/nope'), 404, '/nope');
    assertJsonError(await getJson(srv, '/api/nope'), 404, '/api/nope');
    assertJsonError(await getJson(srv, '/api/audio/stream/nope', { token }), 404, '/api/audio/stream/nope');
    assert.equal((await getJson(srv, '/api/audio/stream/nope')).status, 401);
  });

  test('POST, PUT, DELETE → 405 JSON with Allow', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      for (const path of ['/api/audio/stream/stats', '/healthz']) {
        const res = await fetch(srv.base + path, { method, headers: { Authorization: `Bearer ${token}` } });
        const text = await res.text();
        assertJsonError({ status: res.status, headers: res.headers, text, json: JSON.parse(text) }, 405, `${method} ${path}`);
        assert.match(res.headers.get('allow') || '', /GET/);
      }
    }
    const withBody = await curl(['-i', '-X', 'POST', '-d', 'x=1', `${srv.base}/healthz`]);
    const status = splitHttp(withBody.stdout).status;
    assert.equal(status, 405, `POST with a body: ${status}`);
  });

  test('bad query values → 400 JSON naming the parameter', async () => {
    const cases = ['decimate=', 'decimate=0', 'decimate=2.5', 'decimate=-3', 'decimate=abc', 'decimate=1e3',
      'encoding=xml', 'encoding=', 'fmin=abc', 'fmax=', 'fmin=3000&fmax=1000', 'phase=maybe', 'fmin=-5', 'decimate=2&decimate=3'];
    for (const path of ['/api/audio/stream/audio', '/api/audio/stream/spectral', '/api/audio/stream/events', '/api/audio/stream/latest']) {
      for (const q of cases) {
        const r = await getJson(srv, `${path}?${q}`, { token });
        assertJsonError(r, 400, `${path}?${q}`);
        const key = q.split('=')[0];
        assert.ok(r.json.error_description.includes(key), `${path}?${q}: ${r.json.error_description}`);
      }
    }
    assertJsonError(await getJson(srv, '/api/audio/stream/events?types=audio,video', { token }), 400, 'types=video');
    // curl sees the 400 before any SSE header.
    const c = await curl(['-i', '-N', '--max-time', '5', '-H', `Authorization: Bearer ${token}`, `${srv.base}/api/audio/stream/audio?decimate=0`]);
    const { status, headers } = splitHttp(c.stdout);
    assert.equal(status, 400);
    assert.match(headers.get('content-type'), /^application\/json/);
  });
});

describe('connections', () => {
  test('keep-alive: pipelined requests on one connection are answered in order', async () => {
    const { default: net } = await import('node:net');
    const sock = net.connect(srv.port, '127.0.0.1');
    let got = '';
    sock.on('data', (d) => { got += d; });
    sock.write(`GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\nGET /api/audio/stream/stats HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`);
    await new Promise((r) => { sock.on('close', r); setTimeout(r, 5000); });
    sock.destroy();
    assert.deepEqual([...got.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]), ['200', '404', '200']);
  });

  test('a request whose headers never complete is closed after header_timeout_secs', async () => {
    const slow = await launch({ server: { header_timeout_secs: 1 } });
    try {
      const { default: net } = await import('node:net');
      const sock = net.connect(slow.port, '127.0.0.1');
      sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
      const closed = await Promise.race([new Promise((r) => sock.on('close', () => r(true))), new Promise((r) => setTimeout(() => r(false), 10000))]);
      sock.destroy();
      assert.ok(closed, 'the half-sent request was not closed within 10 s');
      assert.equal((await getJson(slow, '/healthz')).status, 200);
    } finally {
      await slow.stop();
    }
  });

  test('past server.max_connections: 503 JSON with Retry-After', async () => {
    const small = await launch({ server: { max_connections: 4 }, acquisition: { target_fps: 10 } });
    try {
      const streams = [1, 2, 3, 4].map(() => new RawSse(small.port, '/api/audio/stream/audio?decimate=100', { headers: { Authorization: `Bearer ${token}` } }));
      await Promise.all(streams.map((s) => s.waitFor((x) => x.status === 200, 10000, 'stream open')));
      const r = await getJson(small, '/healthz');
      assertJsonError(r, 503, 'fifth connection');
      assert.equal(r.json.error, 'too_many_connections');
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
      for (const s of streams) await s.close();
      await until(async () => (await getJson(small, '/healthz')).status === 200, 10000, 'room again');
    } finally {
      await small.stop();
    }
  });
});

describe('CORS', () => {
  test('preflight from an allowed origin: 204, origin echoed, methods and headers allowed', async () => {
    const res = await fetch(`${srv.base}/api/audio/stream/audio`, {
      method: 'OPTIONS',
      headers: { Origin: ALLOWED, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED);
    assert.match(res.headers.get('access-control-allow-methods'), /GET/);
    assert.match(res.headers.get('access-control-allow-headers').toLowerCase(), /authorization/);
    assert.match(res.headers.get('access-control-allow-headers').toLowerCase(), /last-event-id/);
  });

  test('a disallowed origin is never echoed', async () => {
    const pre = await fetch(`${srv.base}/api/audio/stream/audio`, {
      method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' },
    });
    assert.notEqual(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), null);
    const get = await getJson(srv, '/api/audio/stream/stats', { token, headers: { Origin: 'https://evil.example' } });
    assert.equal(get.status, 200);
    assert.equal(get.headers.get('access-control-allow-origin'), null);
  });

  test('allowed origin echoed on JSON, error and SSE responses', async () => {
    const ok = await getJson(srv, '/api/audio/stream/stats', { token, headers: { Origin: ALLOWED } });
    assert.equal(ok.headers.get('access-control-allow-origin'), ALLOWED);
    assert.match(ok.headers.get('vary') || '', /Origin/);
    const denied = await getJson(srv, '/api/audio/stream/stats', { headers: { Origin: ALLOWED } });
    assert.equal(denied.status, 401);
    assert.equal(denied.headers.get('access-control-allow-origin'), ALLOWED, 'a browser can read the 401');
    const s = new RawSse(srv.port, '/api/audio/stream/audio?decimate=100', { headers: { Authorization: `Bearer ${token}`, Origin: 'http://localhost:3000' } });
    await s.waitFor((x) => x.status !== null, 10000, 'headers');
    await s.close();
    assert.equal(s.headers.get('access-control-allow-origin'), 'http://localhost:3000');
  });
});
