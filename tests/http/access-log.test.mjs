// The access log through the real binary: one info line per request (client,
// request with the token redacted, status, bytes, duration, sub), an open and
// a closing line per stream (frames, bytes, why it ended), X-Forwarded-For
// believed only from server.trusted_proxies, logging.access: false.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, makeToken, getJson, RawSse, bearer, until } from './helpers.mjs';

const accessLines = (srv) => srv.stderr.split('\n').filter((l) => l.includes(' access '));

async function lineFor(srv, pattern) {
  return until(() => accessLines(srv).find((l) => pattern.test(l)), 5000, `an access line matching ${pattern}`);
}

test('one line per request: client, redacted target, status, bytes, ms, sub', async () => {
  const srv = await launch({ logging: { level: 'info' } });
  try {
    const token = makeToken({ sub: 'alice@lab' });
    const ok = await getJson(srv, `/api/audio/stream/stats?access_token=${token}`);
    assert.equal(ok.status, 200);
    const line = await lineFor(srv, /stream\/stats/);
    assert.ok(!line.includes(token), 'the token never reaches the log');
    assert.match(line, /client=127\.0\.0\.1 "GET \/api\/audio\/stream\/stats\?access_token=<redacted>" status=200 bytes=\d+ ms=[\d.]+ sub="alice@lab"/);
    const bytes = Number(line.match(/bytes=(\d+)/)[1]);
    assert.ok(bytes > ok.text.length, `bytes ${bytes} count headers and body (${ok.text.length})`);

    await getJson(srv, '/api/audio/stream/stats', { headers: bearer('not.a.token') });
    assert.match(await lineFor(srv, /stats" status=401/), /sub=""/);
    await getJson(srv, '/no/such/path');
    await lineFor(srv, /"GET \/no\/such\/path" status=404/);
    await fetch(`${srv.base}/healthz`, { method: 'HEAD' });
    await lineFor(srv, /"HEAD \/healthz" status=200/);
  } finally {
    await srv.stop();
  }
});

test('a stream logs when it opens and when it closes, with frames, bytes and the reason', async () => {
  const srv = await launch({ logging: { level: 'info' } });
  try {
    const s = new RawSse(srv.port, '/api/audio/stream/audio?decimate=100', { headers: bearer(makeToken({ sub: 'bob' })) });
    await s.waitFor((x) => x.frames().length >= 10, 15000, '10 frames');
    await s.close();
    assert.match(await lineFor(srv, /stream=open/), /"GET \/api\/audio\/stream\/audio\?decimate=100" status=200 .*sub="bob" stream=open/);
    const closed = await lineFor(srv, /stream=closed/);
    const frames = Number(closed.match(/frames=(\d+)/)[1]);
    assert.ok(frames >= 10, closed);
    assert.ok(Number(closed.match(/bytes=(\d+)/)[1]) >= s.bytes - 2048, `${closed} vs ${s.bytes} received`);
    assert.match(closed, /reason=client_gone/);
  } finally {
    await srv.stop();
  }
});

test('X-Forwarded-For is believed from trusted proxies only', async () => {
  const trusting = await launch({ logging: { level: 'info' }, server: { trusted_proxies: ['127.0.0.0/8', '10.0.0.0/8'] } });
  const wary = await launch({ logging: { level: 'info' } });
  try {
    const headers = { 'X-Forwarded-For': '1.2.3.4, 198.51.100.7, 10.0.0.9' };
    await getJson(trusting, '/healthz', { headers });
    assert.match(await lineFor(trusting, /healthz/), /^.*client=198\.51\.100\.7 "GET \/healthz"/);
    await getJson(wary, '/healthz', { headers });
    const line = await lineFor(wary, /healthz/);
    assert.match(line, /client=127\.0\.0\.1 .*note="X-Forwarded-For from a peer not in server.trusted_proxies ignored"/);
  } finally {
    await trusting.stop();
    await wary.stop();
  }
});

test('logging.access: false logs no request; logging.format json keeps one JSON object per line', async () => {
  const quiet = await launch({ logging: { level: 'info', access: false } });
  const json = await launch({ logging: { level: 'info', format: 'json' } });
  try {
    await getJson(quiet, '/healthz');
    await getJson(json, '/healthz');
    const line = await until(() => json.stderr.split('\n').find((l) => l.includes('access ')), 5000, 'a JSON access line');
    const parsed = JSON.parse(line);
    assert.match(parsed.msg ?? parsed.message, /^access client=127\.0\.0\.1 "GET \/healthz" status=200/);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(accessLines(quiet), []);
  } finally {
    await quiet.stop();
    await json.stop();
  }
});
